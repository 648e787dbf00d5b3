package io.wharf.warehouse.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes of the warehouse copy. The upserts apply a change only when its LSN is newer than the row's (they
 * return 0 for a replay or a duplicate); the {@code naive*} statements are the seed's wrong consumer, which applies
 * each change as its SQL statement whatever came before.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WarehouseRepository extends GenericRepository<WarehouseOrder, String> {
    Optional<WarehouseOrder> findById(String orderId);

    @Query("""
        INSERT INTO wh_orders (order_id, user_id, status, total, close_reason, created_at, updated_at, deleted,
                               last_lsn)
        VALUES (:orderId, :userId, :status, :total, :closeReason, :createdAt, :updatedAt, :deleted, :lsn)
        ON CONFLICT (order_id) DO UPDATE SET user_id = EXCLUDED.user_id, status = EXCLUDED.status,
            total = EXCLUDED.total, close_reason = EXCLUDED.close_reason, created_at = EXCLUDED.created_at,
            updated_at = EXCLUDED.updated_at, deleted = EXCLUDED.deleted, last_lsn = EXCLUDED.last_lsn
        WHERE wh_orders.last_lsn < EXCLUDED.last_lsn""")
    int upsertOrder(String orderId, @Nullable String userId, @Nullable String status, @Nullable BigDecimal total,
                    @Nullable String closeReason, @Nullable Instant createdAt, @Nullable Instant updatedAt,
                    boolean deleted, long lsn);

    @Query("""
        INSERT INTO wh_order_items (id, order_id, line_no, sku, qty, unit_price, deleted, last_lsn)
        VALUES (:id, :orderId, :lineNo, :sku, :qty, :unitPrice, :deleted, :lsn)
        ON CONFLICT (id) DO UPDATE SET order_id = EXCLUDED.order_id, line_no = EXCLUDED.line_no, sku = EXCLUDED.sku,
            qty = EXCLUDED.qty, unit_price = EXCLUDED.unit_price, deleted = EXCLUDED.deleted,
            last_lsn = EXCLUDED.last_lsn
        WHERE wh_order_items.last_lsn < EXCLUDED.last_lsn""")
    int upsertItem(long id, String orderId, @Nullable Integer lineNo, @Nullable String sku, @Nullable Integer qty,
                   @Nullable BigDecimal unitPrice, boolean deleted, long lsn);

    @Query("""
        INSERT INTO wh_payments (payment_id, order_id, amount, paid_at, deleted, last_lsn)
        VALUES (:paymentId, :orderId, :amount, :paidAt, :deleted, :lsn)
        ON CONFLICT (payment_id) DO UPDATE SET order_id = EXCLUDED.order_id, amount = EXCLUDED.amount,
            paid_at = EXCLUDED.paid_at, deleted = EXCLUDED.deleted, last_lsn = EXCLUDED.last_lsn
        WHERE wh_payments.last_lsn < EXCLUDED.last_lsn""")
    int upsertPayment(String paymentId, String orderId, @Nullable BigDecimal amount, @Nullable Instant paidAt,
                      boolean deleted, long lsn);

    @Query("""
        INSERT INTO wh_orders (order_id, user_id, status, total, close_reason, created_at, updated_at, deleted,
                               last_lsn)
        VALUES (:orderId, :userId, :status, :total, :closeReason, :createdAt, :updatedAt, false, :lsn)
        ON CONFLICT (order_id) DO NOTHING""")
    int naiveInsertOrder(String orderId, @Nullable String userId, @Nullable String status, @Nullable BigDecimal total,
                         @Nullable String closeReason, @Nullable Instant createdAt, @Nullable Instant updatedAt,
                         long lsn);

    @Query("""
        UPDATE wh_orders SET user_id = :userId, status = :status, total = :total, close_reason = :closeReason,
            created_at = :createdAt, updated_at = :updatedAt, last_lsn = :lsn
        WHERE order_id = :orderId""")
    int naiveUpdateOrder(String orderId, @Nullable String userId, @Nullable String status, @Nullable BigDecimal total,
                         @Nullable String closeReason, @Nullable Instant createdAt, @Nullable Instant updatedAt,
                         long lsn);

    @Query("""
        INSERT INTO wh_status_changes (order_id, lsn, status, changed_at) VALUES (:orderId, :lsn, :status, :changedAt)
        ON CONFLICT (order_id, lsn) DO NOTHING""")
    int recordStatusChange(String orderId, long lsn, @Nullable String status, @Nullable Instant changedAt);
}
