package io.wharf.contracts.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;
import io.wharf.contracts.WharfEvent;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order was paid.
 *
 * <p>Topic {@code order-events}, tag {@code OrderPaid}, key the order id. It is announced by committing the
 * transactional half message that order-service wrote when the order was placed (rolled back if the order is
 * closed unpaid; the broker's check-back asks order-service about halves left open). Because the body is written
 * with the half, before any payment exists, it carries what is known at placement: the payment id is in
 * order-service, not in the event, and {@code placedAt} is the time of the order, not of the payment. Consumed
 * by coupon-service, which must issue at most one coupon per order however often this is delivered.
 *
 * @param schemaVersion the schema version it was written with ({@link #SCHEMA_VERSION} for new events)
 * @param orderId       the order id; also the message key and coupon-service's idempotency key
 * @param userId        who ordered and paid
 * @param amount        the amount paid (the order's total)
 * @param placedAt      when the order (and the half message) was written
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderPaid(
        int schemaVersion,
        String orderId,
        String userId,
        BigDecimal amount,
        Instant placedAt) implements WharfEvent {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * An event of the current {@link #SCHEMA_VERSION}.
     *
     * @param orderId  the order id
     * @param userId   who ordered
     * @param amount   the amount to pay
     * @param placedAt when the order was written
     * @return the event
     */
    public static OrderPaid of(String orderId, String userId, BigDecimal amount, Instant placedAt) {
        return new OrderPaid(SCHEMA_VERSION, orderId, userId, amount, placedAt);
    }
}
