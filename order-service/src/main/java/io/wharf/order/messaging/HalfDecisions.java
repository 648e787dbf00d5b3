package io.wharf.order.messaging;

import io.wharf.micronaut.TransactionDecision;
import io.wharf.order.domain.OrderStatus;

/** What an order's state means for its OrderPaid half: paid commits it, closed rolls it back, pending waits. */
public final class HalfDecisions {
    private HalfDecisions() {
    }

    public static TransactionDecision of(OrderStatus status) {
        return switch (status) {
            case PAID -> TransactionDecision.COMMIT;
            case CLOSED -> TransactionDecision.ROLLBACK;
            case PENDING_PAYMENT -> TransactionDecision.UNKNOWN;
        };
    }
}
