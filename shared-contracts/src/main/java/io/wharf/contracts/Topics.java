package io.wharf.contracts;

/**
 * The topics of the business services. Each constant says who produces to it and who consumes from it; the
 * tags that distinguish the events of one topic are in {@link Tags}, the groups in {@link Groups}.
 */
public final class Topics {

    /**
     * The life of an order: {@link Tags#ORDER_PLACED}, {@link Tags#ORDER_PAID}, {@link Tags#ORDER_CLOSED}.
     * Produced by order-service (group {@link Groups#ORDER_SERVICE_PRODUCER}; the paid event as a transactional
     * message), consumed by coupon-service (group {@link Groups#COUPON_SERVICE}, tag {@link Tags#ORDER_PAID}).
     */
    public static final String ORDER_EVENTS = "order-events";

    /**
     * Delayed checks that close unpaid orders ({@link Tags#ORDER_TIMEOUT_CHECK}). Produced by order-service when
     * an order is placed (attempt 1) and by order-timeout when a check has to be tried again; consumed by
     * order-timeout (group {@link Groups#ORDER_TIMEOUT}).
     */
    public static final String ORDER_TIMEOUT = "order-timeout";

    /**
     * Row changes of the order database, one message per changed row, tagged with the table
     * ({@link Tags#TABLE_ORDERS}, {@link Tags#TABLE_ORDER_ITEMS}, {@link Tags#TABLE_PAYMENTS}). Produced by
     * binlog-sync (group {@link Groups#BINLOG_SYNC_PRODUCER}) in order, to the queue chosen by the order id;
     * consumed orderly by the warehouse copy (group {@link Groups#WAREHOUSE}).
     */
    public static final String ORDER_BINLOG = "order-binlog";

    /**
     * Coupons handed out ({@link Tags#COUPON_ISSUED}). Produced by coupon-service once per paid order; no
     * service consumes it yet (the end-to-end tests and the trace read it).
     */
    public static final String COUPON_EVENTS = "coupon-events";

    private Topics() {
    }
}
