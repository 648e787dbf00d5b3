package io.wharf.warehouse.app;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Named;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Compares the warehouse copy with the order database ({@code datasources.orders}, read only): row counts of the
 * three tables, and per order a checksum of the columns the reports use (user, status, total, close reason, last
 * update). Lists the orders that differ: missing on one side or with another checksum.
 */
@Singleton
public class Reconciler {
    static final int MAX_LISTED = 100;
    private static final String CHECKSUM = "md5(concat_ws('|', user_id, status, total::text, coalesce(close_reason, "
        + "''), to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')))";

    private final DataSource warehouse;
    private final DataSource orders;

    public Reconciler(DataSource warehouse, @Named("orders") DataSource orders) {
        // Plain connections for these reads: the injected data sources hand out only the connection of a
        // surrounding transaction.
        this.warehouse = DelegatingDataSource.unwrapDataSource(warehouse);
        this.orders = DelegatingDataSource.unwrapDataSource(orders);
    }

    /**
     * The comparison.
     *
     * @param equal           nothing differs
     * @param sourceCounts    rows per table in the order database
     * @param warehouseCounts rows per table in the copy (tombstones not counted)
     * @param differing       orders that differ
     * @param differingIds    up to 100 of them
     */
    @Serdeable
    public record Report(boolean equal, Map<String, Long> sourceCounts, Map<String, Long> warehouseCounts,
                         int differing, List<String> differingIds) {
    }

    public Report reconcile() {
        try {
            Map<String, String> source = checksums(orders, "SELECT id, " + CHECKSUM + " FROM orders");
            Map<String, String> copy = checksums(warehouse, "SELECT order_id, " + CHECKSUM
                + " FROM wh_orders WHERE NOT deleted");
            TreeSet<String> differ = new TreeSet<>();
            source.forEach((id, sum) -> {
                if (!sum.equals(copy.get(id))) {
                    differ.add(id);
                }
            });
            copy.keySet().stream().filter(id -> !source.containsKey(id)).forEach(differ::add);
            Map<String, Long> sourceCounts = counts(orders, "orders", "order_items", "payments");
            Map<String, Long> copyCounts = new HashMap<>();
            copyCounts.put("orders", count(warehouse, "SELECT count(*) FROM wh_orders WHERE NOT deleted"));
            copyCounts.put("order_items", count(warehouse, "SELECT count(*) FROM wh_order_items WHERE NOT deleted"));
            copyCounts.put("payments", count(warehouse, "SELECT count(*) FROM wh_payments WHERE NOT deleted"));
            List<String> listed = new ArrayList<>(differ).subList(0, Math.min(MAX_LISTED, differ.size()));
            return new Report(differ.isEmpty() && sourceCounts.equals(copyCounts), sourceCounts, copyCounts,
                differ.size(), List.copyOf(listed));
        } catch (SQLException e) {
            throw new IllegalStateException("reconciling failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> checksums(DataSource ds, String sql) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Map<String, Long> counts(DataSource ds, String... tables) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (String t : tables) {
            out.put(t, count(ds, "SELECT count(*) FROM " + t));
        }
        return out;
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
