package io.wharf.binlog.engine;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.wharf.contracts.binlog.OrderRowChanged;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one Debezium change event (JSON, without schemas) into an {@link OrderRowChanged}: the op, the row images,
 * and from {@code source} the table, the change's LSN, the transaction id and the commit time. The order id is the
 * row's {@code id} in {@code orders} and its {@code order_id} elsewhere. Events that are not row changes
 * (heartbeats, transaction markers) give nothing.
 */
@Singleton
public class ChangeParser {
    private static final Argument<Map<String, Object>> MAP = Argument.mapOf(String.class, Object.class);

    private final JsonMapper json;

    public ChangeParser(JsonMapper json) {
        this.json = json;
    }

    /** The row change in {@code value}, or empty when it is not one. */
    @SuppressWarnings("unchecked")
    public Optional<OrderRowChanged> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Map<String, Object> event;
        try {
            event = json.readValue(value, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("not a Debezium change event: " + abbreviate(value), e);
        }
        if (event.get("payload") instanceof Map<?, ?> payload && event.containsKey("schema")) {
            event = (Map<String, Object>) payload;
        }
        Object op = event.get("op");
        if (!(op instanceof String opCode) || !(event.get("source") instanceof Map<?, ?> src)) {
            return Optional.empty();
        }
        Map<String, Object> source = (Map<String, Object>) src;
        Map<String, Object> before = (Map<String, Object>) event.get("before");
        Map<String, Object> after = (Map<String, Object>) event.get("after");
        String table = String.valueOf(source.get("table"));
        Map<String, Object> row = after != null ? after : before;
        if (row == null) {
            return Optional.empty();
        }
        Object orderId = "orders".equals(table) ? row.get("id") : row.get("order_id");
        if (orderId == null) {
            throw new IllegalStateException("change of " + table + " without its order id: " + abbreviate(value));
        }
        long lsn = number(source.get("lsn"));
        long txId = number(source.get("txId"));
        Instant commitTs = Instant.ofEpochMilli(number(source.get("ts_ms")));
        return Optional.of(new OrderRowChanged(OrderRowChanged.SCHEMA_VERSION, table, opCode, orderId.toString(),
            lsn, txId, commitTs, before, after));
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : v == null ? 0 : Long.parseLong(v.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
