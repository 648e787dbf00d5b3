package io.wharf.order.app;

import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.TransactionalPublisher;
import io.wharf.order.app.OrderTransactions.PaymentOutcome;
import io.wharf.order.domain.OrderClosedException;
import io.wharf.order.domain.OrderNotFoundException;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payment callbacks. The payment system retries on timeouts (seed 004 §1), so a callback is idempotent by its
 * payment id: a repeat answers the same and changes nothing. The payment and the PAID transition commit in one
 * database transaction; then the OrderPaid half is committed. If that fails (broker unreachable, or a crash
 * right here) the check-back commits it, since the order is PAID.
 */
@Singleton
public class PaymentService {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);

    private final OrderTransactions transactions;
    private final TransactionalPublisher transactional;
    private final ParkedOrderRecovery parked;
    private final OrderQueries queries;

    public PaymentService(OrderTransactions transactions, TransactionalPublisher transactional,
                          ParkedOrderRecovery parked, OrderQueries queries) {
        this.transactions = transactions;
        this.transactional = transactional;
        this.parked = parked;
        this.queries = queries;
    }

    /**
     * Pays an order.
     *
     * @throws OrderClosedException when the order was closed (the payment is recorded for a refund)
     */
    public OrderView pay(String orderId, String paymentId, BigDecimal amount) {
        PaymentOutcome outcome;
        try {
            outcome = transactions.pay(orderId, paymentId, amount);
        } catch (OrderNotFoundException e) {
            if (!parked.tryMaterialize(orderId)) {
                throw e;
            }
            outcome = transactions.pay(orderId, paymentId, amount);
        }
        if (outcome.late()) {
            LOG.warn("payment {} for closed order {} recorded for a refund", paymentId, orderId);
            throw new OrderClosedException(orderId, outcome.order().getCloseReason());
        }
        String token = outcome.order().getHalfToken();
        if (outcome.transitioned() && token != null) {
            try {
                transactional.commit(HalfMessage.parse(token));
            } catch (PublishException e) {
                LOG.warn("committing the OrderPaid half of {} failed; the check-back will: {}", orderId,
                    e.getMessage());
            }
        }
        return queries.view(outcome.order());
    }
}
