package io.wharf.warehouse.it;

import io.wharf.contracts.Topics;
import io.wharf.testkit.AdminCalls;
import io.wharf.testkit.BrokerGroup;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.Ports;
import io.wharf.testkit.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The change-log path, real and local: one PostgreSQL with logical WAL (database {@code orders} with
 * order-service's own schema, database {@code warehouse}), a broker process with {@code order-binlog} in 4 queues,
 * binlog-sync from its jar, and warehouse instances in child JVMs; every process can be killed and started again.
 */
final class SyncStack implements AutoCloseable {
    private static final Path BINLOG_JAR = Path.of("..", "binlog-sync", "target", "wharf-binlog-sync.jar");
    private static final Path ORDER_SCHEMA = Path.of("..", "order-service", "src", "main", "resources", "db",
        "migration", "V1__orders.sql");

    final Path dir;
    final EmbeddedPostgresServer postgres;
    final int binlogPort = Ports.free();
    private final BrokerProcess broker;
    final BrokerGroup group;
    private final String bootstrap;
    private final Map<String, String> binlogSettings;
    private final Map<String, ServiceProcess> warehouses = new HashMap<>();
    private ServiceProcess binlog;
    private int starts;

    private SyncStack(Path dir, Map<String, String> binlogSettings, int brokers) throws Exception {
        this.dir = dir;
        this.binlogSettings = binlogSettings;
        this.postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
        postgres.createDatabases(List.of("orders", "warehouse"));
        try (Connection c = orders()) {
            c.createStatement().execute(Files.readString(ORDER_SCHEMA));
        }
        if (brokers == 1) {
            int brokerPort = Ports.free();
            int adminPort = Ports.free();
            this.broker = BrokerProcess.start(dir.resolve("broker"), List.of("-Dwharf.broker.port=" + brokerPort,
                "-Dwharf.admin.port=" + adminPort));
            this.group = null;
            this.bootstrap = "127.0.0.1:" + brokerPort;
            AdminCalls.createTopic("http://127.0.0.1:" + adminPort, Topics.ORDER_BINLOG, 4);
        } else {
            this.broker = null;
            this.group = BrokerGroup.start(dir.resolve("brokers"), brokers, List.of());
            this.bootstrap = group.bootstrap();
            AdminCalls.createTopic(group.awaitLeader(Duration.ofSeconds(30)).adminUrl(), Topics.ORDER_BINLOG, 4);
        }
    }

    static SyncStack start(String name, Map<String, String> binlogSettings) {
        return start(name, binlogSettings, 1);
    }

    /** A stack with a broker group of {@code brokers} members (1: a single broker process). */
    static SyncStack start(String name, Map<String, String> binlogSettings, int brokers) {
        if (!Files.exists(BINLOG_JAR)) {
            throw new IllegalStateException(BINLOG_JAR.toAbsolutePath() + " is missing: build binlog-sync first "
                + "(./mvnw package -pl binlog-sync -am, or the whole reactor)");
        }
        try {
            return new SyncStack(Files.createTempDirectory("warehouse-" + name), binlogSettings, brokers);
        } catch (Exception e) {
            throw new IllegalStateException("sync test stack did not start", e);
        }
    }

    Connection orders() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("orders"), "postgres", "postgres");
    }

    String binlogUrl() {
        return "http://127.0.0.1:" + binlogPort;
    }

    /** binlog-sync's {@code GET path} status, 0 when it does not answer. */
    int binlogStatus(String path) {
        return binlog.status(path);
    }

    /** Starts binlog-sync (again) on its data directory and port, and waits until its engine runs. */
    void startBinlog() throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("datasources.default.url", postgres.jdbcUrl("orders"));
        s.put("datasources.default.username", "postgres");
        s.put("datasources.default.password", "postgres");
        s.put("wharf.bootstrap", bootstrap);
        s.put("binlog.data-dir", dir.resolve("binlog").toString());
        s.put("binlog.heartbeat-interval", "1s");
        s.put("binlog.restart-delay", "1s");
        s.put("otel.traces.exporter", "none");
        s.putAll(binlogSettings);
        binlog = ServiceProcess.fromJar("binlog-sync", BINLOG_JAR, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), s,
            binlogPort, dir.resolve("binlog-sync-" + (++starts) + ".log"));
    }

    void killBinlog() {
        binlog.kill();
    }

    /** Starts (or restarts) warehouse instance {@code name} from this module's class path, with extra settings. */
    ServiceProcess startWarehouse(String name, Map<String, String> settings) throws IOException {
        int port = warehouses.containsKey(name) ? warehouses.get(name).port() : Ports.free();
        Map<String, String> s = new HashMap<>();
        s.put("datasources.default.url", postgres.jdbcUrl("warehouse"));
        s.put("datasources.default.username", "postgres");
        s.put("datasources.default.password", "postgres");
        s.put("datasources.orders.url", postgres.jdbcUrl("orders"));
        s.put("datasources.orders.username", "postgres");
        s.put("datasources.orders.password", "postgres");
        s.put("wharf.bootstrap", bootstrap);
        s.put("wharf.client-name", name);
        s.put("otel.traces.exporter", "none");
        s.putAll(settings);
        ServiceProcess service = ServiceProcess.fromClassPath(name, "io.wharf.warehouse.Application", s, port,
            dir.resolve(name + "-" + (++starts) + ".log"));
        warehouses.put(name, service);
        return service;
    }

    void killWarehouse(String name) {
        warehouses.get(name).kill();
    }

    void restartPostgres() {
        postgres.stop();
        postgres.restart();
    }

    @Override
    public void close() throws IOException {
        warehouses.values().forEach(ServiceProcess::close);
        if (binlog != null) {
            binlog.close();
        }
        if (broker != null) {
            broker.close();
        } else {
            group.close();
        }
        postgres.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
