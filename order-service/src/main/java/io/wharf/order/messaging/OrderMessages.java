package io.wharf.order.messaging;

import io.wharf.contracts.Keys;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.contracts.order.OrderClosed;
import io.wharf.contracts.order.OrderPaid;
import io.wharf.contracts.order.OrderPlaced;
import io.wharf.contracts.order.OrderTimeoutCheck;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.order.OrdersConfiguration;
import io.wharf.order.domain.Order;
import io.wharf.order.domain.OrderDraft;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The messages order-service publishes, all keyed by the order id ({@link Keys}): the OrderPaid half
 * (transactional), OrderPlaced and OrderClosed (ordered by the order id), and the delayed OrderTimeoutCheck.
 */
@Singleton
public class OrderMessages {
    private final OrdersConfiguration config;

    public OrderMessages(OrdersConfiguration config) {
        this.config = config;
    }

    /** The OrderPaid half stored when the order is placed, committed when it is paid. */
    public OutgoingMessage paidHalf(String orderId, String userId, BigDecimal total, Instant placedAt) {
        return OutgoingMessage.to(Topics.ORDER_EVENTS).tag(Tags.ORDER_PAID).key(Keys.forOrder(orderId))
            .payload(OrderPaid.of(orderId, userId, total, placedAt)).build();
    }

    public OutgoingMessage paidHalf(Order order) {
        return paidHalf(order.getId(), order.getUserId(), order.getTotal(), order.getCreatedAt());
    }

    public OutgoingMessage placed(OrderDraft d) {
        return OutgoingMessage.to(Topics.ORDER_EVENTS).tag(Tags.ORDER_PLACED).key(Keys.forOrder(d.orderId()))
            .orderKey(d.orderId()).payload(OrderPlaced.of(d.orderId(), d.userId(), d.total(), d.lines(),
                d.createdAt())).build();
    }

    /**
     * The first timeout check, delayed by {@code orders.timeout-delay-level}, or delivered at the payment deadline
     * in {@code deliver-at} mode.
     */
    public OutgoingMessage timeoutCheck(String orderId, Instant placedAt) {
        Instant due = placedAt.plus(config.getTimeoutDelay());
        OutgoingMessage.Builder b = OutgoingMessage.to(Topics.ORDER_TIMEOUT).tag(Tags.ORDER_TIMEOUT_CHECK)
            .key(Keys.forOrder(orderId)).payload(OrderTimeoutCheck.first(orderId, due));
        return (config.getTimeoutMode() == OrdersConfiguration.TimeoutMode.DELIVER_AT ? b.deliverAt(due)
            : b.delayLevel(config.getTimeoutDelayLevel())).build();
    }

    public OutgoingMessage closed(Order order) {
        return OutgoingMessage.to(Topics.ORDER_EVENTS).tag(Tags.ORDER_CLOSED).key(Keys.forOrder(order.getId()))
            .orderKey(order.getId()).payload(OrderClosed.of(order.getId(), order.getUserId(),
                order.getCloseReason(), order.getUpdatedAt())).build();
    }
}
