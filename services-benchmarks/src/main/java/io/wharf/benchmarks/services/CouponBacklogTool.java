package io.wharf.benchmarks.services;

import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.contracts.Keys;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.testkit.AdminCalls;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.Ports;
import io.wharf.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures how fast coupon-service drains a backlog of paid orders (seed 004's backlog advice: add instances up to
 * the queue count). For each instance count: a fresh PostgreSQL and broker (production JVM settings, topic
 * {@code order-events} with 8 queues), that many coupon-service processes (from
 * {@code coupon-service/target/wharf-coupon-service.jar}) started and given their queues, then {@code --orders}
 * OrderPaid messages published in batches as fast as the broker takes them (about 2 s for 100,000, so the
 * consumers face a backlog) and the coupons counted in the database until every order has one. Prints progress
 * every 2 s and coupons/s at the end.
 *
 * <pre>
 *   services-benchmarks/coupon-backlog.sh --orders 100000 --instances 1,2
 * </pre>
 */
public final class CouponBacklogTool {
    private static final Path JAR = Path.of("coupon-service", "target", "wharf-coupon-service.jar");
    private static final int BATCH = 200;

    private CouponBacklogTool() {
    }

    public static void main(String[] args) throws Exception {
        int orders = 100_000;
        List<Integer> instances = List.of(1, 2);
        int rate = 0;
        int seconds = 30;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[i + 1]);
                case "--instances" -> instances = java.util.Arrays.stream(args[i + 1].split(","))
                    .map(Integer::parseInt).toList();
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; use --orders N --instances 1,2, or --rate R --seconds S for the steady latency");
            }
        }
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " missing: ./mvnw package -pl coupon-service -am");
        }
        if (rate > 0) {
            steady(rate, seconds);
            return;
        }
        for (int n : instances) {
            run(orders, n);
        }
    }

    /**
     * One instance, OrderPaid published at a steady {@code rate} per second for {@code seconds}: the latency from
     * each publish to its coupon's commit ({@code issued_at}, the same machine's clock), after a 10 s warm-up at
     * the same rate that is not counted.
     */
    private static void steady(int rate, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("wharf-coupon-steady");
        try (Stack stack = Stack.start(dir)) {
            EmbeddedPostgresServer pg = stack.pg();
            BrokerProcess broker = stack.broker();
            String adminUrl = stack.adminUrl();
            ServiceProcess service = startService(dir, 0, pg, broker.address(), adminUrl);
            Producer producer = new Producer(ProducerConfig.builder("steady-producer", broker.address()).build());
            producer.start();
            try {
                int warm = rate * 10;
                int total = warm + rate * seconds;
                java.util.Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = t0 + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    String id = "s-" + i;
                    String body = "{\"schemaVersion\":1,\"orderId\":\"" + id + "\",\"userId\":\"u-" + (i % 1000)
                        + "\",\"amount\":120.00,\"placedAt\":\"2026-12-03T10:00:00Z\"}";
                    if (i >= warm) {
                        sentAt.put(id, java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
                            java.time.Instant.now()));
                    }
                    producer.sendAsync(Message.builder(Topics.ORDER_EVENTS).tags(Tags.ORDER_PAID)
                        .keys(Keys.forOrder(id)).body(body.getBytes(StandardCharsets.UTF_8)).build())
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                throw new IllegalStateException("publish of " + id + " failed: the run is void", e);
                            }
                        });
                    if (i % rate == 0) {
                        System.out.printf("  %,d published, %,d coupons%n", i, count(pg));
                    }
                }
                while (count(pg) < total) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                io.wharf.testkit.LatencyRecorder recorder = new io.wharf.testkit.LatencyRecorder();
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl("coupons"), "postgres", "postgres");
                     ResultSet rs = c.createStatement().executeQuery("SELECT order_id, "
                         + "(extract(epoch FROM issued_at) * 1000000)::bigint FROM coupons")) {
                    while (rs.next()) {
                        Long sent = sentAt.get(rs.getString(1));
                        if (sent != null) {
                            recorder.record(Math.max(0, rs.getLong(2) - sent) * 1000);
                        }
                    }
                }
                var p = io.wharf.testkit.LatencyRecorder.summarize(List.of(recorder));
                System.out.printf("RESULT steady rate=%d/s for %d s (after 10 s warm-up): %d coupons, paid->coupon "
                    + "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n", rate, seconds, p.count(),
                    p.p50Ns() / 1e6, p.p99Ns() / 1e6, p.p999Ns() / 1e6, p.maxNs() / 1e6);
            } finally {
                producer.shutdown();
                service.stop();
            }
        }
    }

    private static void run(int orders, int instances) throws Exception {
        Path dir = Files.createTempDirectory("wharf-coupon-backlog");
        try (Stack stack = Stack.start(dir)) {
            EmbeddedPostgresServer pg = stack.pg();
            BrokerProcess broker = stack.broker();
            String adminUrl = stack.adminUrl();
            List<ServiceProcess> services = new ArrayList<>();
            try {
                long start = System.nanoTime();
                for (int i = 0; i < instances; i++) {
                    services.add(startService(dir, i, pg, broker.address(), adminUrl));
                }
                // Every instance is up and has its queues before the backlog lands, so the drain measures the
                // instances together and not the first one alone while the others start.
                TimeUnit.SECONDS.sleep(5);
                System.out.printf("%d coupon-service instance(s) up after %.1f s%n", instances, seconds(start));
                long t0 = System.nanoTime();
                publish(broker.address(), orders);
                System.out.printf("backlog: %,d OrderPaid published in %.1f s; draining%n", orders, seconds(t0));
                long count = 0;
                long last = 0;
                long lastAt = t0;
                while (count < orders) {
                    TimeUnit.SECONDS.sleep(2);
                    count = count(pg);
                    long now = System.nanoTime();
                    System.out.printf("  %,d coupons (%.0f/s)%n", count, (count - last) / ((now - lastAt) / 1e9));
                    last = count;
                    lastAt = now;
                    if (seconds(t0) > 900) {
                        throw new IllegalStateException("not drained in 15 min: " + count);
                    }
                }
                double s = seconds(t0);
                System.out.printf("RESULT instances=%d orders=%,d coupons=%,d in %.1f s from the first publish"
                    + " = %.0f coupons/s%n", instances, orders, count, s, count / s);
            } finally {
                services.forEach(ServiceProcess::stop);
            }
        }
    }

    private static void publish(String bootstrap, int orders) {
        Producer producer = new Producer(ProducerConfig.builder("backlog-producer", bootstrap).build());
        producer.start();
        try {
            List<Message> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < orders; i++) {
                String id = "b-" + i;
                String body = "{\"schemaVersion\":1,\"orderId\":\"" + id + "\",\"userId\":\"u-" + (i % 1000)
                    + "\",\"amount\":120.00,\"placedAt\":\"2026-12-03T10:00:00Z\"}";
                batch.add(Message.builder(Topics.ORDER_EVENTS).tags(Tags.ORDER_PAID).keys(Keys.forOrder(id))
                    .body(body.getBytes(StandardCharsets.UTF_8)).build());
                if (batch.size() == BATCH || i == orders - 1) {
                    producer.sendBatch(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
        } finally {
            producer.shutdown();
        }
    }

    /** PostgreSQL (database coupons) and one broker with production JVM settings, topic order-events in 8 queues. */
    private record Stack(EmbeddedPostgresServer pg, BrokerProcess broker, String adminUrl) implements AutoCloseable {
        static Stack start(Path dir) throws Exception {
            int port = Ports.free();
            int admin = Ports.free();
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"));
            pg.createDatabases(List.of("coupons"));
            BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), List.of("-XX:TieredStopAtLevel=4",
                "-Xmx1g", "-Dwharf.store.segment.bytes=134217728", "-Dwharf.broker.port=" + port,
                "-Dwharf.admin.port=" + admin));
            String adminUrl = "http://127.0.0.1:" + admin;
            AdminCalls.createTopic(adminUrl, Topics.ORDER_EVENTS, 8);
            return new Stack(pg, broker, adminUrl);
        }

        @Override
        public void close() {
            broker.close();
            pg.close();
        }
    }

    private static ServiceProcess startService(Path dir, int i, EmbeddedPostgresServer pg, String bootstrap,
                                               String adminUrl) throws IOException {
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        settings.put("datasources.default.url", pg.jdbcUrl("coupons"));
        settings.put("datasources.default.username", "postgres");
        settings.put("datasources.default.password", "postgres");
        settings.put("datasources.default.maximum-pool-size", "32");
        settings.put("wharf.consumer.threads", "32");
        settings.put("wharf.bootstrap", bootstrap);
        settings.put("wharf.admin-urls", adminUrl);
        settings.put("otel.traces.exporter", "none");
        settings.put("logger.levels.io.wharf", "WARN");
        return ServiceProcess.fromJar("coupon-" + i, JAR, List.of("-Xmx1g"), settings, Ports.free(),
            dir.resolve("coupon-" + i + ".log"));
    }

    private static long count(EmbeddedPostgresServer pg) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("coupons"), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM coupons")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
