package io.wharf.order.domain;

/**
 * Where an order is in its life. The legal transitions ({@link Order#pay}, {@link Order#close}):
 * <pre>
 *   PENDING_PAYMENT --pay--> PAID
 *   PENDING_PAYMENT --close--> CLOSED
 * </pre>
 * PAID and CLOSED are final.
 */
public enum OrderStatus {
    /** Placed, waiting for its payment; its OrderPaid half message is open (UNKNOWN). */
    PENDING_PAYMENT,
    /** Paid; its OrderPaid message is committed. */
    PAID,
    /** Closed unpaid (timeout or cancelled); its OrderPaid half is rolled back. */
    CLOSED
}
