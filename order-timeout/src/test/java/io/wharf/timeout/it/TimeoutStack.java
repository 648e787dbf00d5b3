package io.wharf.timeout.it;

import io.wharf.contracts.Topics;
import io.wharf.testkit.AdminCalls;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.EmbeddedRedisServer;
import io.wharf.testkit.Ports;
import io.wharf.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What order-timeout works with, real and local: PostgreSQL and Redis for order-service, a broker process (delay
 * levels 1 s, 2 s, 3 s; check-backs every 500 ms) and the real order-service, run from its packaged jar on a
 * fixed port so that a test can kill it and start it again.
 */
final class TimeoutStack implements AutoCloseable {
    private static final Path ORDER_SERVICE_JAR = Path.of("..", "order-service", "target", "wharf-order-service.jar");

    final Path dir;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedRedisServer redis;
    private final int brokerPort = Ports.free();
    private final int adminPort = Ports.free();
    final int orderServicePort = Ports.free();
    private final BrokerProcess broker;
    private final Map<String, String> orderServiceSettings;
    private ServiceProcess orderService;
    private int starts;

    private TimeoutStack(Path dir, Map<String, String> orderServiceSettings) throws Exception {
        this.dir = dir;
        this.orderServiceSettings = orderServiceSettings;
        this.postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
        postgres.createDatabases(List.of("orders"));
        this.redis = EmbeddedRedisServer.start();
        this.broker = BrokerProcess.start(dir.resolve("broker"), List.of("-Dwharf.broker.port=" + brokerPort,
            "-Dwharf.admin.port=" + adminPort, "-Dwharf.delay.levels=1s 2s 3s",
            "-Dwharf.transaction.timeout.ms=500", "-Dwharf.transaction.check.interval.ms=500"));
        AdminCalls.createTopic("http://127.0.0.1:" + adminPort, Topics.ORDER_EVENTS, 4);
        AdminCalls.createTopic("http://127.0.0.1:" + adminPort, Topics.ORDER_TIMEOUT, 4);
        startOrderService();
    }

    /** Starts the stack; {@code orderServiceSettings} go to order-service on top of the stack's. */
    static TimeoutStack start(String name, Map<String, String> orderServiceSettings) {
        try {
            if (!Files.exists(ORDER_SERVICE_JAR)) {
                throw new IllegalStateException(ORDER_SERVICE_JAR.toAbsolutePath() + " is missing: build order-service"
                    + " first (./mvnw package -pl order-service, or the whole reactor)");
            }
            return new TimeoutStack(Files.createTempDirectory("order-timeout-" + name), orderServiceSettings);
        } catch (Exception e) {
            throw new IllegalStateException("order-timeout test stack did not start", e);
        }
    }

    String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    String orderServiceUrl() {
        return "http://127.0.0.1:" + orderServicePort;
    }

    /** order-timeout's settings for this stack: 1 s steps and retries. */
    Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("micronaut.http.services.order-service.url", orderServiceUrl());
        p.put("micronaut.http.services.order-service.read-timeout", "2s");
        p.put("wharf.bootstrap", brokerAddress());
        p.put("timeouts.step-delay-level", "1");
        p.put("timeouts.step-delay", "1s");
        p.put("timeouts.retry-delay-level", "1");
        p.put("timeouts.retry-delay", "1s");
        p.put("otel.traces.exporter", "none");
        return p;
    }

    /** Starts order-service (again) on its port and database, and waits for its health. */
    void startOrderService() throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("datasources.default.url", postgres.jdbcUrl("orders"));
        s.put("datasources.default.username", "postgres");
        s.put("datasources.default.password", "postgres");
        s.put("redis.uri", redis.uri());
        s.put("wharf.bootstrap", brokerAddress());
        s.put("orders.timeout-delay-level", "1");
        s.put("orders.timeout-delay", "1s");
        s.put("orders.check-grace-period", "3s");
        s.put("otel.traces.exporter", "none");
        s.putAll(orderServiceSettings);
        orderService = ServiceProcess.fromJar("order-service", ORDER_SERVICE_JAR, List.of("-Xmx256m",
            "-XX:TieredStopAtLevel=1"), s, orderServicePort, dir.resolve("order-service-" + (++starts) + ".log"));
    }

    /** Kills order-service (SIGKILL). */
    void killOrderService() {
        orderService.kill();
    }

    @Override
    public void close() throws IOException {
        if (orderService != null) {
            orderService.close();
        }
        broker.close();
        redis.close();
        postgres.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
