package io.wharf.benchmarks.services;

import io.wharf.testkit.LatencyRecorder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PostgreSQL's own rate for the unit of work an order costs at least: one ~200-byte row inserted per
 * transaction (autocommit, synchronous commit), N connections at once (pgbench-like, with JDBC).
 */
final class JdbcInsertLoad {
    private JdbcInsertLoad() {
    }

    /**
     * The outcome.
     *
     * @param rows    rows inserted while measuring
     * @param seconds the measured time
     * @param latency per insert
     */
    record Result(long rows, double seconds, LatencyRecorder.Percentiles latency) {
        double perSecond() {
            return rows / seconds;
        }
    }

    static Result run(String url, int clients, Duration warmup, Duration duration) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, user_id text, "
                + "status text, total numeric(12,2), payload text, created_at timestamptz DEFAULT now())");
        }
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        AtomicLong rows = new AtomicLong();
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Future<Void>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                LatencyRecorder r = new LatencyRecorder();
                recorders.add(r);
                int client = i;
                done.add(threads.submit(() -> insertLoop(url, client, measureFrom, end, r, rows)));
            }
            for (Future<Void> f : done) {
                f.get();
            }
        }
        return new Result(rows.get(), duration.toNanos() / 1e9, LatencyRecorder.summarize(recorders));
    }

    private static Void insertLoop(String url, int client, long measureFrom, long end, LatencyRecorder recorder,
                                   AtomicLong rows) throws SQLException {
        String payload = "x".repeat(120);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             PreparedStatement insert = c.prepareStatement(
                 "INSERT INTO bench_rows (user_id, status, total, payload) VALUES (?, 'PENDING_PAYMENT', 39.80, ?)")) {
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                insert.setString(1, "u-" + client);
                insert.setString(2, payload);
                insert.executeUpdate();
                long t1 = System.nanoTime();
                if (t0 >= measureFrom) {
                    recorder.record(t1 - t0);
                    rows.incrementAndGet();
                }
            }
        }
        return null;
    }
}
