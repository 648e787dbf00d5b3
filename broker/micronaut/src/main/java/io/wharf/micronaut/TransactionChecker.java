package io.wharf.micronaut;

/**
 * Answers the broker's check-back for transactions left open (a crash between the local transaction and the
 * commit, or a transaction deliberately left UNKNOWN while it waits for something, such as a payment). The
 * application implements it as a bean; {@link TransactionalPublisher} will not start without one. Runs on a
 * check thread: it may use the database; it must be idempotent (the same transaction may be asked again).
 */
@FunctionalInterface
public interface TransactionChecker {
    /** The transaction's state now: COMMIT, ROLLBACK, or UNKNOWN to be asked again later. */
    TransactionDecision check(CheckedHalf half);
}
