package io.wharf.order.app;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.wharf.contracts.order.OrderLine;
import io.wharf.order.domain.Order;
import io.wharf.order.domain.OrderDraft;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it.
 *
 * @param orderId     the id
 * @param userId      who ordered
 * @param status      PENDING_PAYMENT, PAID, CLOSED, or ACCEPTED for an order parked while the database is down
 * @param total       the amount to pay
 * @param items       the lines
 * @param closeReason why it was closed, or null
 * @param createdAt   when it was placed
 * @param updatedAt   when it last changed
 */
@Serdeable
@Schema(name = "Order")
public record OrderView(String orderId, String userId, String status, BigDecimal total, List<OrderLine> items,
                        @Nullable String closeReason, Instant createdAt, Instant updatedAt) {
    /** The status of an order accepted and parked, not yet in the database. */
    public static final String ACCEPTED = "ACCEPTED";

    public static OrderView of(Order o, List<OrderLine> lines) {
        return new OrderView(o.getId(), o.getUserId(), o.getStatus().name(), o.getTotal(), lines,
            o.getCloseReason(), o.getCreatedAt(), o.getUpdatedAt());
    }

    /** A parked order. */
    public static OrderView accepted(OrderDraft d) {
        return new OrderView(d.orderId(), d.userId(), ACCEPTED, d.total(), d.lines(), null, d.createdAt(),
            d.createdAt());
    }
}
