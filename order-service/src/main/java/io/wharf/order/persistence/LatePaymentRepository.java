package io.wharf.order.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.wharf.order.domain.LatePayment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The late_payments table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface LatePaymentRepository extends CrudRepository<LatePayment, Long> {
    /** Records a late payment once, however often its callback is repeated. */
    @Query("""
        INSERT INTO late_payments (payment_id, order_id, amount, received_at, refunded)
        VALUES (:paymentId, :orderId, :amount, :receivedAt, false)
        ON CONFLICT (payment_id) DO NOTHING""")
    void insertIfAbsent(String paymentId, String orderId, BigDecimal amount, Instant receivedAt);

    List<LatePayment> findByOrderId(String orderId);
}
