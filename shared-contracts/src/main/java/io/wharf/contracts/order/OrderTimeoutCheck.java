package io.wharf.contracts.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import io.wharf.contracts.WharfEvent;

import java.time.Instant;

/**
 * A delayed check whether an order is still unpaid and must be closed.
 *
 * <p>Topic {@code order-timeout}, tag {@code OrderTimeoutCheck}, key the order id; sent as a delayed message
 * (a delay level, 30 minutes by default) by order-service when the order is placed, and again by order-timeout
 * with the next attempt when a check could not be completed. Consumed by order-timeout, which asks order-service
 * to close the order if it is still unpaid; the delivery time minus {@code dueAt} is the delay's lateness.
 *
 * @param schemaVersion the schema version it was written with ({@link #SCHEMA_VERSION} for new events)
 * @param orderId       the order id; also the message key
 * @param attempt       1 for the first check of an order, incremented by each re-scheduled check
 * @param dueAt         when the check is due (the time the delayed message should be delivered)
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderTimeoutCheck(
        int schemaVersion,
        String orderId,
        int attempt,
        Instant dueAt) implements WharfEvent {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * The first check of an order, of the current {@link #SCHEMA_VERSION}.
     *
     * @param orderId the order id
     * @param dueAt   when the check is due
     * @return the check, attempt 1
     */
    public static OrderTimeoutCheck first(String orderId, Instant dueAt) {
        return of(orderId, 1, dueAt);
    }

    /**
     * A check of the current {@link #SCHEMA_VERSION}.
     *
     * @param orderId the order id
     * @param attempt the attempt, starting at 1
     * @param dueAt   when the check is due
     * @return the check
     */
    public static OrderTimeoutCheck of(String orderId, int attempt, Instant dueAt) {
        return new OrderTimeoutCheck(SCHEMA_VERSION, orderId, attempt, dueAt);
    }

    /**
     * The check to schedule when this one could not be completed.
     *
     * @param nextDueAt when the next check is due
     * @return the next attempt, written with the current {@link #SCHEMA_VERSION}
     */
    public OrderTimeoutCheck next(Instant nextDueAt) {
        return of(orderId, attempt + 1, nextDueAt);
    }
}
