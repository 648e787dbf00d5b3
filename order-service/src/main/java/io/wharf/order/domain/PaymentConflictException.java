package io.wharf.order.domain;

/** A payment id that already paid another order. */
public final class PaymentConflictException extends OrderException {
    private static final long serialVersionUID = 1L;

    public PaymentConflictException(String orderId, String paymentId, String paidOrderId) {
        super(orderId, "payment " + paymentId + " paid order " + paidOrderId + ", not " + orderId);
    }
}
