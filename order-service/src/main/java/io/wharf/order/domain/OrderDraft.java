package io.wharf.order.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.wharf.contracts.order.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order accepted but not necessarily written yet: what placement writes to the database, and what is parked
 * in Redis (as JSON) while the database is down, to be written later by the check-back or the drain job.
 *
 * @param orderId        the id it was given
 * @param userId         who ordered
 * @param lines          the lines
 * @param total          the sum of the lines
 * @param halfToken      the stored OrderPaid half's token, or null when it could not be stored
 * @param idempotencyKey the client's key, or null
 * @param createdAt      when it was accepted
 */
@Serdeable
public record OrderDraft(String orderId, String userId, List<OrderLine> lines, BigDecimal total,
                         @Nullable String halfToken, @Nullable String idempotencyKey, Instant createdAt) {
    public OrderDraft {
        lines = List.copyOf(lines);
    }

    /** A new draft; its total is the sum of its lines. */
    public static OrderDraft of(String orderId, String userId, List<OrderLine> lines, @Nullable String key,
                                Instant createdAt) {
        BigDecimal total = lines.stream().map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.qty())))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderDraft(orderId, userId, lines, total, null, key, createdAt);
    }

    /** The same draft, announced by the half with {@code token}. */
    public OrderDraft withHalf(@Nullable String token) {
        return new OrderDraft(orderId, userId, lines, total, token, idempotencyKey, createdAt);
    }

    /** The order row it becomes. */
    public Order toOrder() {
        return Order.place(orderId, userId, total, halfToken, createdAt);
    }

    /** The item rows it becomes. */
    public List<OrderItem> toItems() {
        return java.util.stream.IntStream.range(0, lines.size()).mapToObj(i -> new OrderItem(null, orderId, i + 1,
            lines.get(i).sku(), lines.get(i).qty(), lines.get(i).unitPrice())).toList();
    }
}
