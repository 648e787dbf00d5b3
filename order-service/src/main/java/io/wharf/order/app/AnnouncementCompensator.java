package io.wharf.order.app;

import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.TransactionalPublisher;
import io.wharf.order.domain.Order;
import io.wharf.order.domain.OrderStatus;
import io.wharf.order.messaging.OrderMessages;
import io.wharf.order.persistence.OrderRepository;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the OrderPaid half of orders placed while the broker was unreachable (seed 001 §1.2), once it answers:
 * the local transaction records the half with the order and decides it from the order's state at once (an order
 * paid meanwhile commits it). Orders closed before they were announced need no half.
 */
@Singleton
public class AnnouncementCompensator {
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncementCompensator.class);
    private static final int BATCH = 100;

    private final OrderRepository orders;
    private final OrderTransactions transactions;
    private final TransactionalPublisher transactional;
    private final OrderMessages messages;

    public AnnouncementCompensator(OrderRepository orders, OrderTransactions transactions,
                                   TransactionalPublisher transactional, OrderMessages messages) {
        this.orders = orders;
        this.transactions = transactions;
        this.transactional = transactional;
        this.messages = messages;
    }

    /**
     * Announces the unannounced orders, oldest first; stops at the first half the broker does not store.
     *
     * @return how many were announced
     */
    public int announcePending() {
        List<Order> pending = orders.findUnannounced(BATCH);
        int announced = 0;
        for (Order order : pending) {
            if (order.getStatus() == OrderStatus.CLOSED) {
                transactions.retireUnannounced(order.getId());
                continue;
            }
            try {
                transactional.publishInTransaction(messages.paidHalf(order),
                    half -> transactions.announce(order.getId(), half));
                announced++;
            } catch (PublishException e) {
                LOG.debug("broker still unreachable; {} order(s) wait for their half: {}", pending.size() - announced,
                    e.getMessage());
                break;
            }
        }
        if (announced > 0) {
            LOG.info("stored the OrderPaid half of {} order(s) placed while the broker was unreachable", announced);
        }
        return announced;
    }
}
