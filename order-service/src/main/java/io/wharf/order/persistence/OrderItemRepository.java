package io.wharf.order.persistence;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.wharf.order.domain.OrderItem;
import java.util.Collection;
import java.util.List;

/** The order_items table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderItemRepository extends CrudRepository<OrderItem, Long> {
    List<OrderItem> findByOrderIdInOrderByLineNo(Collection<String> orderIds);
}
