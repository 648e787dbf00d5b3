package io.wharf.contracts.binlog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.wharf.contracts.WharfEvent;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One changed row of the order database, as read from its change log by binlog-sync (Debezium).
 *
 * <p>Topic {@code order-binlog}, tag the table ({@code orders}, {@code order_items}, {@code payments}), key the
 * order id; sent by binlog-sync in commit order, to the queue chosen by the order id, and consumed orderly by the
 * warehouse copy, which applies a row only if its {@code lsn} is beyond the last one it applied for that row.
 *
 * <p>The op codes are Debezium's: {@link #OP_CREATE} {@code "c"} (insert: {@code after} only),
 * {@link #OP_UPDATE} {@code "u"} ({@code after}, and {@code before} only when the table has
 * {@code REPLICA IDENTITY FULL}), {@link #OP_DELETE} {@code "d"} ({@code before} only, with at least the key
 * columns) and {@link #OP_READ} {@code "r"} (a row read by the initial snapshot: {@code after} only).
 *
 * <p>Row images map column names to JSON values: strings, numbers, booleans or null. Columns holding money
 * ({@code numeric}) are carried as decimal strings and timestamps as ISO-8601 strings, so nothing is rounded.
 *
 * @param schemaVersion the schema version it was written with ({@link #SCHEMA_VERSION} for new events)
 * @param table         the changed table, also the tag ({@code orders}, {@code order_items}, {@code payments})
 * @param op            what happened: {@code c}, {@code u}, {@code d} or {@code r}
 * @param orderId       the order the row belongs to; also the message key
 * @param lsn           the PostgreSQL log sequence number of the change; increases with every change
 * @param txId          the id of the database transaction that made the change
 * @param commitTs      when that transaction committed
 * @param before        the row before the change, or null (inserts, snapshot reads, updates without it)
 * @param after         the row after the change, or null (deletes)
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderRowChanged(
        int schemaVersion,
        String table,
        String op,
        String orderId,
        long lsn,
        long txId,
        Instant commitTs,
        @Nullable Map<String, Object> before,
        @Nullable Map<String, Object> after) implements WharfEvent {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /** Debezium's op code for an inserted row. */
    public static final String OP_CREATE = "c";

    /** Debezium's op code for an updated row. */
    public static final String OP_UPDATE = "u";

    /** Debezium's op code for a deleted row. */
    public static final String OP_DELETE = "d";

    /** Debezium's op code for a row read by a snapshot. */
    public static final String OP_READ = "r";

    /** Makes the row images unmodifiable (they may hold null column values, so not {@code Map.copyOf}). */
    public OrderRowChanged {
        before = before == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = after == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    /**
     * A change of the current {@link #SCHEMA_VERSION}.
     *
     * @param table    the changed table
     * @param op       the op code
     * @param orderId  the order the row belongs to
     * @param lsn      the change's log sequence number
     * @param txId     its transaction id
     * @param commitTs when its transaction committed
     * @param before   the row before, or null
     * @param after    the row after, or null
     * @return the event
     */
    public static OrderRowChanged of(String table, String op, String orderId, long lsn, long txId, Instant commitTs,
            @Nullable Map<String, Object> before, @Nullable Map<String, Object> after) {
        return new OrderRowChanged(SCHEMA_VERSION, table, op, orderId, lsn, txId, commitTs, before, after);
    }
}
