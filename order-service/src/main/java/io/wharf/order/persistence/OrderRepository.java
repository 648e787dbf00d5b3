package io.wharf.order.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.wharf.order.domain.Order;
import java.util.List;
import java.util.Optional;

/** The orders table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderRepository extends CrudRepository<Order, String> {
    /** The order, its row locked until the transaction ends (payment and close callbacks serialize here). */
    Optional<Order> findByIdForUpdate(String id);

    /** One page of orders by id, filtered by user and status when given. */
    @Query("""
        SELECT * FROM orders
        WHERE (CAST(:userId AS text) IS NULL OR user_id = :userId)
          AND (CAST(:status AS text) IS NULL OR status = :status)
          AND (CAST(:cursor AS text) IS NULL OR id > :cursor)
        ORDER BY id
        LIMIT :limit""")
    List<Order> page(@Nullable String userId, @Nullable String status, @Nullable String cursor, int limit);

    /** Orders whose OrderPaid half is not stored yet, oldest first. */
    @Query("SELECT * FROM orders WHERE NOT announced ORDER BY created_at LIMIT :limit")
    List<Order> findUnannounced(int limit);
}
