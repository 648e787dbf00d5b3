package io.wharf.order.domain;

/** The order is paid: it cannot be closed, nor paid by another payment. */
public final class OrderAlreadyPaidException extends OrderException {
    private static final long serialVersionUID = 1L;

    public OrderAlreadyPaidException(String orderId) {
        super(orderId, "order " + orderId + " is paid already");
    }
}
