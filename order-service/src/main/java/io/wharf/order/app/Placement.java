package io.wharf.order.app;

/**
 * The answer to placing an order.
 *
 * @param order   the order
 * @param outcome what happened
 */
public record Placement(OrderView order, Outcome outcome) {
    /** What placing did. */
    public enum Outcome {
        /** Written to the database (HTTP 201). */
        CREATED,
        /** The Idempotency-Key was used before: the order it placed (HTTP 200). */
        REPEATED,
        /** The database was down: parked in Redis, written later (HTTP 202). */
        ACCEPTED
    }
}
