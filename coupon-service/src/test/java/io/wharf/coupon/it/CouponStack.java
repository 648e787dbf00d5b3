package io.wharf.coupon.it;

import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendStatus;
import io.wharf.contracts.Keys;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.testkit.AdminCalls;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What coupon-service needs, real and local: an embedded PostgreSQL (database {@code coupons}, stoppable and
 * restartable on its port), a broker process with topic {@code order-events}, and a producer that publishes
 * OrderPaid as order-service would (by hand, so a test can repeat one or leave a number out).
 */
final class CouponStack implements AutoCloseable {
    final Path dir;
    final EmbeddedPostgresServer postgres;
    private final int brokerPort = Ports.free();
    private final int adminPort = Ports.free();
    private final BrokerProcess broker;
    private final Producer producer;

    private CouponStack(Path dir) throws Exception {
        this.dir = dir;
        this.postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
        postgres.createDatabases(List.of("coupons"));
        this.broker = BrokerProcess.start(dir.resolve("broker"), List.of("-Dwharf.broker.port=" + brokerPort,
            "-Dwharf.admin.port=" + adminPort));
        AdminCalls.createTopic(adminUrl(), Topics.ORDER_EVENTS, 4);
        this.producer = new Producer(ProducerConfig.builder("coupon-test-producer", brokerAddress()).build());
        producer.start();
    }

    static CouponStack start(String name) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("coupon-service-" + name);
            return new CouponStack(dir);
        } catch (Exception e) {
            throw new IllegalStateException("coupon test stack did not start (" + dir + ")", e);
        }
    }

    String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    String adminUrl() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** The service's settings for this stack: a short retry ladder (about 12 s) and a 1 s sequence window. */
    Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("datasources.default.url", postgres.jdbcUrl("coupons"));
        p.put("datasources.default.username", "postgres");
        p.put("datasources.default.password", "postgres");
        p.put("datasources.default.connection-timeout", "1000");
        p.put("wharf.bootstrap", brokerAddress());
        p.put("wharf.admin-urls", adminUrl());
        p.put("wharf.groups.coupon-service.retry-delays", "1s 2s 3s 3s 3s");
        p.put("wharf.groups.coupon-service.max-reconsume-times", "5");
        p.put("wharf.sequence.audit.window", "1s");
        p.put("otel.traces.exporter", "none");
        return p;
    }

    /** Publishes an OrderPaid body for {@code orderId} with extra properties; returns its message id. */
    String publishPaid(String orderId, String body, Map<String, String> properties) {
        Message.Builder b = Message.builder(Topics.ORDER_EVENTS).tags(Tags.ORDER_PAID).keys(Keys.forOrder(orderId))
            .body(body.getBytes(StandardCharsets.UTF_8));
        properties.forEach(b::property);
        var r = producer.send(b.build());
        if (r.sendStatus() != SendStatus.SEND_OK) {
            throw new IllegalStateException("not stored durably: " + r);
        }
        return r.msgId();
    }

    String publishPaid(String orderId, String userId, String amount) {
        return publishPaid(orderId, paidJson(orderId, userId, amount), Map.of());
    }

    static String paidJson(String orderId, String userId, String amount) {
        return "{\"schemaVersion\":1,\"orderId\":\"" + orderId + "\",\"userId\":\"" + userId + "\",\"amount\":"
            + amount + ",\"placedAt\":\"2026-12-03T10:00:00Z\"}";
    }

    /** {@code [coupons, distinct orders with a coupon]}, read straight from the database. */
    long[] couponCounts() {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("coupons"), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery(
                 "SELECT count(*), count(DISTINCT order_id) FROM coupons")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException("counting coupons", e);
        }
    }

    @Override
    public void close() throws IOException {
        producer.shutdown();
        broker.close();
        postgres.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
