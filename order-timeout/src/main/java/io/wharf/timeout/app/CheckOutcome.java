package io.wharf.timeout.app;

/** What one OrderTimeoutCheck did. */
public enum CheckOutcome {
    /** The order was unpaid and is closed now. */
    CLOSED,
    /** Paid already: nothing to do. */
    SKIPPED_PAID,
    /** Closed already (a repeated check, or cancelled): nothing to do. */
    SKIPPED_CLOSED,
    /** order-service does not know the order (404): nothing to close. */
    UNKNOWN_ORDER,
    /** Stepwise mode, not the last step: the next check was sent. */
    RESCHEDULED,
    /** order-service did not answer (or answered 5xx): the check was sent again for later. */
    RETRY
}
