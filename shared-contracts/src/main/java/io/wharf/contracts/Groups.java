package io.wharf.contracts;

/**
 * Producer and consumer group names. Producer and consumer groups are separate name spaces in the broker.
 *
 * <p>The producer group matters to the broker only for transactional messages: a transaction left open is
 * checked back with a live producer of the group that stored the half, so every order-service instance must use
 * {@link #ORDER_SERVICE_PRODUCER}. Consumer groups each receive every message of their subscription once (in
 * clustering mode, shared among the group's members) and keep their own offsets, retry and dead-letter topics
 * ({@code %RETRY%<group>}, {@code %DLQ%<group>}): renaming a consumer group starts it over from scratch.
 */
public final class Groups {

    /**
     * Transactional producer of order-service on {@link Topics#ORDER_EVENTS} (and sender of the first
     * {@link Topics#ORDER_TIMEOUT} check); the broker's check-back asks its members for an order's state.
     */
    public static final String ORDER_SERVICE_PRODUCER = "order-service";

    /** Producer of binlog-sync on {@link Topics#ORDER_BINLOG}: ordered sends, the queue chosen by order id. */
    public static final String BINLOG_SYNC_PRODUCER = "binlog-sync";

    /** coupon-service consuming {@link Tags#ORDER_PAID} from {@link Topics#ORDER_EVENTS} (concurrently, idempotent). */
    public static final String COUPON_SERVICE = "coupon-service";

    /** order-timeout consuming its delayed checks from {@link Topics#ORDER_TIMEOUT}. */
    public static final String ORDER_TIMEOUT = "order-timeout";

    /** The warehouse copy consuming {@link Topics#ORDER_BINLOG} orderly (one member per queue, holding its lock). */
    public static final String WAREHOUSE = "warehouse";

    private Groups() {
    }
}
