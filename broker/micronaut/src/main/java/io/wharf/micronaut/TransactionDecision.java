package io.wharf.micronaut;

/** What becomes of a transactional (half) message. */
public enum TransactionDecision {
    /** Deliver it to consumers, once. */
    COMMIT,
    /** Never deliver it. */
    ROLLBACK,
    /** Not decided yet: the broker asks the {@link TransactionChecker} again later. */
    UNKNOWN
}
