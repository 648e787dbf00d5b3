package io.wharf.contracts;

/**
 * The message tags: on {@link Topics#ORDER_EVENTS}, {@link Topics#ORDER_TIMEOUT} and
 * {@link Topics#COUPON_EVENTS} the tag names the event record (the record's simple name, decoded through
 * {@link EventTypes}); on {@link Topics#ORDER_BINLOG} it names the changed table. Producers set exactly one
 * tag; consumers subscribe by tag (e.g. {@code ORDER_PAID}) so the broker filters out the rest.
 */
public final class Tags {

    /** {@link io.wharf.contracts.order.OrderPlaced} on {@link Topics#ORDER_EVENTS}, from order-service. */
    public static final String ORDER_PLACED = "OrderPlaced";

    /**
     * {@link io.wharf.contracts.order.OrderPaid} on {@link Topics#ORDER_EVENTS}, from order-service (transactional);
     * consumed by coupon-service.
     */
    public static final String ORDER_PAID = "OrderPaid";

    /** {@link io.wharf.contracts.order.OrderClosed} on {@link Topics#ORDER_EVENTS}, from order-service. */
    public static final String ORDER_CLOSED = "OrderClosed";

    /**
     * {@link io.wharf.contracts.order.OrderTimeoutCheck} on {@link Topics#ORDER_TIMEOUT}, delayed; consumed by
     * order-timeout.
     */
    public static final String ORDER_TIMEOUT_CHECK = "OrderTimeoutCheck";

    /** {@link io.wharf.contracts.coupon.CouponIssued} on {@link Topics#COUPON_EVENTS}, from coupon-service. */
    public static final String COUPON_ISSUED = "CouponIssued";

    /** A change of the {@code orders} table, as {@link io.wharf.contracts.binlog.OrderRowChanged}. */
    public static final String TABLE_ORDERS = "orders";

    /** A change of the {@code order_items} table, as {@link io.wharf.contracts.binlog.OrderRowChanged}. */
    public static final String TABLE_ORDER_ITEMS = "order_items";

    /** A change of the {@code payments} table, as {@link io.wharf.contracts.binlog.OrderRowChanged}. */
    public static final String TABLE_PAYMENTS = "payments";

    private Tags() {
    }
}
