package io.wharf.micronaut;

import java.util.function.Function;

/**
 * Publishes transactional messages (the producer group's {@code wharf.producer.group}): the half message is stored
 * first, invisible to consumers; then the local transaction runs and decides. The broker asks the application's
 * {@link TransactionChecker} about every half left open.
 */
public interface TransactionalPublisher {
    /**
     * Stores {@code message} as a half, runs {@code localTransaction} with it, and ends the transaction with the
     * decision it returns (UNKNOWN leaves it open for a later {@link #commit}/{@link #rollback} or the check-back).
     * A local transaction that throws leaves the transaction open and the exception is rethrown.
     *
     * @throws PublishException when the half was not stored (the local transaction did not run)
     */
    HalfMessage publishInTransaction(OutgoingMessage message, Function<HalfMessage, TransactionDecision>
        localTransaction);

    /**
     * Commits an open transaction: its message is delivered. Repeating it is harmless.
     *
     * @throws PublishException when the broker could not be reached (the check-back will decide it)
     */
    void commit(HalfMessage half);

    /** Rolls an open transaction back: its message is never delivered. Repeating it is harmless. */
    void rollback(HalfMessage half);
}
