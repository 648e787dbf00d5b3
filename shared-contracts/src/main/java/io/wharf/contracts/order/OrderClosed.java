package io.wharf.contracts.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import io.wharf.contracts.WharfEvent;

import java.time.Instant;

/**
 * An unpaid order was closed and will not be paid any more.
 *
 * <p>Topic {@code order-events}, tag {@code OrderClosed}, key the order id; sent by order-service in order (the
 * queue chosen by the order id), when order-timeout asks it to close an order still unpaid at its timeout or
 * when the order is cancelled.
 *
 * @param schemaVersion the schema version it was written with ({@link #SCHEMA_VERSION} for new events)
 * @param orderId       the order id; also the message key
 * @param userId        who ordered
 * @param reason        why: {@link #REASON_TIMEOUT}, {@link #REASON_CANCELLED}, or a reason a newer producer
 *                      added (consumers treat an unknown reason as closed all the same)
 * @param closedAt      when the order was closed
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderClosed(
        int schemaVersion,
        String orderId,
        String userId,
        String reason,
        Instant closedAt) implements WharfEvent {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /** The order was still unpaid when its timeout check ran. */
    public static final String REASON_TIMEOUT = "TIMEOUT";

    /** The user cancelled the order before paying. */
    public static final String REASON_CANCELLED = "CANCELLED";

    /**
     * An event of the current {@link #SCHEMA_VERSION}.
     *
     * @param orderId  the order id
     * @param userId   who ordered
     * @param reason   why it was closed
     * @param closedAt when
     * @return the event
     */
    public static OrderClosed of(String orderId, String userId, String reason, Instant closedAt) {
        return new OrderClosed(SCHEMA_VERSION, orderId, userId, reason, closedAt);
    }
}
