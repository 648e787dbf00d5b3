package io.wharf.order.app;

import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.TransactionalPublisher;
import io.wharf.order.app.OrderTransactions.CloseOutcome;
import io.wharf.order.domain.OrderNotFoundException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes unpaid orders (asked by order-timeout, or cancelled): the close and its OrderClosed message commit in
 * one database transaction, then the OrderPaid half is rolled back (the check-back does it if that fails).
 */
@Singleton
public class CloseOrderService {
    private static final Logger LOG = LoggerFactory.getLogger(CloseOrderService.class);

    private final OrderTransactions transactions;
    private final TransactionalPublisher transactional;
    private final ParkedOrderRecovery parked;
    private final OrderQueries queries;

    public CloseOrderService(OrderTransactions transactions, TransactionalPublisher transactional,
                             ParkedOrderRecovery parked, OrderQueries queries) {
        this.transactions = transactions;
        this.transactional = transactional;
        this.parked = parked;
        this.queries = queries;
    }

    public OrderView close(String orderId, String reason) {
        CloseOutcome outcome;
        try {
            outcome = transactions.close(orderId, reason);
        } catch (OrderNotFoundException e) {
            if (!parked.tryMaterialize(orderId)) {
                throw e;
            }
            outcome = transactions.close(orderId, reason);
        }
        String token = outcome.order().getHalfToken();
        if (outcome.transitioned() && token != null) {
            try {
                transactional.rollback(HalfMessage.parse(token));
            } catch (PublishException e) {
                LOG.warn("rolling back the OrderPaid half of {} failed; the check-back will: {}", orderId,
                    e.getMessage());
            }
        }
        return queries.view(outcome.order());
    }
}
