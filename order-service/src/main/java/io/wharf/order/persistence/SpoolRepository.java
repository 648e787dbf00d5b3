package io.wharf.order.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The spool table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SpoolRepository extends CrudRepository<SpoolEntry, Long> {
    /** The oldest {@code limit} entries, in spool order. */
    @Query("SELECT * FROM spool ORDER BY id LIMIT :limit")
    List<SpoolEntry> oldest(int limit);
}
