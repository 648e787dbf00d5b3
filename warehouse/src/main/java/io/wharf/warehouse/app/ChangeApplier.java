package io.wharf.warehouse.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.warehouse.persistence.WarehouseRepository;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Applies one row change to the warehouse copy. {@link #apply} is the correct way: the row is written only when
 * the change's LSN is newer than the row's (a delete leaves a tombstone), so a replay, a duplicate or a re-delivery
 * changes nothing. {@link #applyNaively} is the seed's wrong consumer, kept to show its failure.
 */
@Singleton
public class ChangeApplier {
    /** What applying did. */
    public enum Result {
        /** Written. */
        APPLIED,
        /** Not newer than what the row has: nothing written. */
        SKIPPED
    }

    private final WarehouseRepository rows;
    private final MeterRegistry registry;
    private final Clock clock;

    public ChangeApplier(WarehouseRepository rows, @Nullable MeterRegistry registry, Clock clock) {
        this.rows = rows;
        this.registry = registry;
        this.clock = clock;
    }

    @Transactional
    public Result apply(OrderRowChanged c) {
        boolean deleted = OrderRowChanged.OP_DELETE.equals(c.op());
        Map<String, Object> row = deleted ? c.before() : c.after();
        int n = switch (c.table()) {
            case "orders" -> rows.upsertOrder(c.orderId(), str(row, "user_id"), str(row, "status"),
                decimal(row, "total"), str(row, "close_reason"), instant(row, "created_at"),
                instant(row, "updated_at"), deleted, c.lsn());
            case "order_items" -> rows.upsertItem(number(row, "id"), c.orderId(), integer(row, "line_no"),
                str(row, "sku"), integer(row, "qty"), decimal(row, "unit_price"), deleted, c.lsn());
            case "payments" -> rows.upsertPayment(str(row, "payment_id"), c.orderId(), decimal(row, "amount"),
                instant(row, "paid_at"), deleted, c.lsn());
            default -> throw new IllegalArgumentException("not a table of the copy: " + c.table());
        };
        Result r = n == 1 ? Result.APPLIED : Result.SKIPPED;
        count(c.table(), r);
        lag(c);
        return r;
    }

    /** The seed's consumer: inserts if absent, updates where present, whatever order the changes came in. */
    @Transactional
    public Result applyNaively(OrderRowChanged c) {
        if (!"orders".equals(c.table())) {
            return apply(c);
        }
        Map<String, Object> row = c.after() != null ? c.after() : c.before();
        int n = OrderRowChanged.OP_UPDATE.equals(c.op())
            ? rows.naiveUpdateOrder(c.orderId(), str(row, "user_id"), str(row, "status"), decimal(row, "total"),
                str(row, "close_reason"), instant(row, "created_at"), instant(row, "updated_at"), c.lsn())
            : rows.naiveInsertOrder(c.orderId(), str(row, "user_id"), str(row, "status"), decimal(row, "total"),
                str(row, "close_reason"), instant(row, "created_at"), instant(row, "updated_at"), c.lsn());
        Result r = n == 1 ? Result.APPLIED : Result.SKIPPED;
        count(c.table(), r);
        return r;
    }

    /**
     * {@code warehouse_commit_lag_seconds}: from the order database's commit of a change to its apply here (the
     * whole path: WAL, Debezium, binlog-sync, the broker, this listener), a histogram for p50/p99.
     */
    private void lag(OrderRowChanged c) {
        if (registry != null && c.commitTs() != null) {
            Timer.builder("warehouse.commit.lag").description("order database commit to warehouse apply")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(30)).register(registry)
                .record(Duration.between(c.commitTs(), clock.instant()));
        }
    }

    private void count(String table, Result r) {
        if (registry != null) {
            registry.counter("warehouse.changes", "table", table, "result", r.name().toLowerCase()).increment();
        }
    }

    private static String str(Map<String, Object> row, String column) {
        Object v = row == null ? null : row.get(column);
        return v == null ? null : v.toString();
    }

    private static BigDecimal decimal(Map<String, Object> row, String column) {
        String v = str(row, column);
        return v == null ? null : new BigDecimal(v);
    }

    private static Instant instant(Map<String, Object> row, String column) {
        String v = str(row, column);
        return v == null ? null : Instant.parse(v);
    }

    private static Integer integer(Map<String, Object> row, String column) {
        String v = str(row, column);
        return v == null ? null : Integer.valueOf(v);
    }

    private static long number(Map<String, Object> row, String column) {
        String v = str(row, column);
        if (v == null) {
            throw new IllegalArgumentException("change without " + column);
        }
        return Long.parseLong(v);
    }
}
