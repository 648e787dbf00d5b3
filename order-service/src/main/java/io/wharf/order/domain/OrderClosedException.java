package io.wharf.order.domain;

/** The order was closed: it can no longer be paid (a payment that arrives now is recorded for a refund). */
public final class OrderClosedException extends OrderException {
    private static final long serialVersionUID = 1L;

    public OrderClosedException(String orderId, String reason) {
        super(orderId, "order " + orderId + " is closed (" + reason + ")");
    }
}
