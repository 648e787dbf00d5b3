package io.wharf.order.persistence;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.wharf.order.domain.IdempotencyKey;

/** The idempotency_keys table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface IdempotencyKeyRepository extends CrudRepository<IdempotencyKey, String> {
}
