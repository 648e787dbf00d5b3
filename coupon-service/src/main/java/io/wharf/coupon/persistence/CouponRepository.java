package io.wharf.coupon.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.wharf.coupon.domain.Coupon;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The coupons table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface CouponRepository extends CrudRepository<Coupon, String> {
    /**
     * The business check and the write in one statement: inserts the order's coupon unless it has one.
     *
     * @return 1 when issued now, 0 when the order had its coupon already
     */
    @Query("""
        INSERT INTO coupons (id, order_id, user_id, order_total, value, rule_min_total, message_id, issued_at,
                             expires_at)
        VALUES (:id, :orderId, :userId, :orderTotal, :value, :ruleMinTotal, :messageId, :issuedAt, :expiresAt)
        ON CONFLICT (order_id) DO NOTHING""")
    int insertIfAbsent(String id, String orderId, String userId, BigDecimal orderTotal, BigDecimal value,
                       BigDecimal ruleMinTotal, String messageId, Instant issuedAt, Instant expiresAt);

    Optional<Coupon> findByOrderId(String orderId);

    /** A user's coupons, newest first, at most {@code limit}. */
    @Query("SELECT * FROM coupons WHERE user_id = :userId ORDER BY issued_at DESC, id LIMIT :limit")
    List<Coupon> findByUser(String userId, int limit);

    /** Coupons issued and distinct orders they were issued for (equal when no order has two). */
    @Query("SELECT count(*) FROM coupons")
    long countAll();

    @Query("SELECT 1")
    int ping();
}
