package io.wharf.order.app;

import io.wharf.micronaut.CheckedHalf;
import io.wharf.micronaut.TransactionChecker;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.order.OrdersConfiguration;
import io.wharf.order.domain.Order;
import io.wharf.order.messaging.HalfDecisions;
import io.wharf.order.persistence.OrderRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the broker's check-back for OrderPaid halves left open, by the half's key (the order id):
 * <ul>
 *   <li>PAID: COMMIT; CLOSED: ROLLBACK; PENDING_PAYMENT: UNKNOWN (the half waits for the payment);</li>
 *   <li>parked in Redis (the database was down): write it to the database now, then UNKNOWN;</li>
 *   <li>nowhere: UNKNOWN while the half is younger than {@code orders.check-grace-period} (its local
 *       transaction may still be running), ROLLBACK after;</li>
 *   <li>a half that is not the one recorded with the order (a second half of the compensator's, or a half stored
 *       although its publish reported a failure): ROLLBACK, or UNKNOWN within the grace period while the order
 *       records none yet;</li>
 *   <li>the database or Redis cannot answer: UNKNOWN, asked again later.</li>
 * </ul>
 */
@Singleton
public class OrderTransactionChecker implements TransactionChecker {
    private static final Logger LOG = LoggerFactory.getLogger(OrderTransactionChecker.class);

    private final OrderRepository orders;
    private final ParkedOrderRecovery parked;
    private final Clock clock;
    private final Duration grace;

    public OrderTransactionChecker(OrderRepository orders, ParkedOrderRecovery parked, OrdersConfiguration config,
                                   Clock clock) {
        this.orders = orders;
        this.parked = parked;
        this.clock = clock;
        this.grace = config.getCheckGracePeriod();
    }

    @Override
    public TransactionDecision check(CheckedHalf half) {
        String orderId = half.metadata().key();
        TransactionDecision d;
        try {
            d = orderId == null ? TransactionDecision.ROLLBACK : decide(orderId, half);
        } catch (RuntimeException e) {
            LOG.warn("check-back of {} (order {}) cannot be answered now: {}", half.half().transactionId(),
                orderId, e.toString());
            d = TransactionDecision.UNKNOWN;
        }
        LOG.debug("check-back of {} (order {}): {}", half.half().transactionId(), orderId, d);
        return d;
    }

    private TransactionDecision decide(String orderId, CheckedHalf half) {
        Optional<Order> order = orders.findById(orderId);
        if (order.isEmpty()) {
            if (parked.materialize(orderId)) {
                return TransactionDecision.UNKNOWN;
            }
            return young(half) ? TransactionDecision.UNKNOWN : TransactionDecision.ROLLBACK;
        }
        Order o = order.get();
        if (!o.announcedBy(half.half().transactionId())) {
            boolean recordsNone = o.getHalfToken() == null;
            return recordsNone && young(half) ? TransactionDecision.UNKNOWN : TransactionDecision.ROLLBACK;
        }
        return HalfDecisions.of(o.getStatus());
    }

    private boolean young(CheckedHalf half) {
        return clock.millis() - half.metadata().bornTimestampMs() < grace.toMillis();
    }
}
