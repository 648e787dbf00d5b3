package io.wharf.order.domain;

/** A command an order refuses; the API maps each kind to its HTTP status. */
public abstract class OrderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String orderId;

    protected OrderException(String orderId, String message) {
        super(message);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
