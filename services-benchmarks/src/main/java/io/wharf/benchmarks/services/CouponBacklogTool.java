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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[i + 1]);
                case "--instances" -> instances = java.util.Arrays.stream(args[i + 1].split(","))
                    .map(Integer::parseInt).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; use --orders N --instances 1,2");
            }
        }
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " missing: ./mvnw package -pl coupon-service -am");
        }
        for (int n : instances) {
            run(orders, n);
        }
    }

    private static void run(int orders, int instances) throws Exception {
        Path dir = Files.createTempDirectory("wharf-coupon-backlog");
        int port = Ports.free();
        int admin = Ports.free();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"));
             BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), List.of("-XX:TieredStopAtLevel=4",
                 "-Xmx1g", "-Dwharf.store.segment.bytes=134217728", "-Dwharf.broker.port=" + port,
                 "-Dwharf.admin.port=" + admin))) {
            pg.createDatabases(List.of("coupons"));
            String adminUrl = "http://127.0.0.1:" + admin;
            AdminCalls.createTopic(adminUrl, Topics.ORDER_EVENTS, 8);
            List<Process> services = new ArrayList<>();
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
                for (Process p : services) {
                    p.destroy();
                    p.waitFor(30, TimeUnit.SECONDS);
                }
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

    private static Process startService(Path dir, int i, EmbeddedPostgresServer pg, String bootstrap,
                                        String adminUrl) throws IOException, InterruptedException {
        int http = Ports.free();
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
            "-Xmx1g", "-Dmicronaut.server.port=" + http, "-Ddatasources.default.url=" + pg.jdbcUrl("coupons"),
            "-Ddatasources.default.username=postgres", "-Ddatasources.default.password=postgres",
            "-Ddatasources.default.maximum-pool-size=32", "-Dwharf.consumer.threads=32",
            "-Dwharf.bootstrap=" + bootstrap, "-Dwharf.admin-urls=" + adminUrl, "-Dotel.traces.exporter=none",
            "-Dlogger.levels.io.wharf=WARN", "-jar", JAR.toString()));
        Path log = dir.resolve("coupon-" + i + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("coupon-service exited; see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                    + "/health")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2 || r.statusCode() == 503) {
                    return p;
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("coupon-service not up in 90 s; see " + log);
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
