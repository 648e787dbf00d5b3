package io.wharf.order.domain;

/** No such order (neither in the database nor parked in Redis). */
public final class OrderNotFoundException extends OrderException {
    private static final long serialVersionUID = 1L;

    public OrderNotFoundException(String orderId) {
        super(orderId, "order " + orderId + " does not exist");
    }
}
