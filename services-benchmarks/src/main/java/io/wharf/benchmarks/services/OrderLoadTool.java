package io.wharf.benchmarks.services;

import io.wharf.testkit.LatencyRecorder;
import io.wharf.testkit.BrokerGroup;
import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.EmbeddedRedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Creates and pays orders over HTTP with N concurrent clients against order-service (a child JVM) on a 3-node
 * broker group, embedded PostgreSQL and Redis, all started here; then, in the same run and on the same
 * PostgreSQL, measures the database's own single-row insert rate at the same concurrency over JDBC. Prints
 * orders/s (create + pay), per-call p50/p99, the database's rate and the ratio.
 *
 * <pre>
 * services-benchmarks/order-load.sh --clients 64 --warmup 10s --duration 30s
 * </pre>
 */
public final class OrderLoadTool {
    /**
     * The brokers as in production rather than as in tests: full JIT and heap (the test kit's child JVMs start
     * with C1 only and 256 MiB, which is right for tests and wrong for a measurement), 128 MiB segments.
     */
    static final List<String> BROKER_OPTIONS = List.of("-XX:TieredStopAtLevel=4", "-Xmx1g",
        "-Dwharf.store.segment.bytes=134217728", "-Dwharf.topic.auto.create=true");

    private OrderLoadTool() {
    }

    public static void main(String[] args) throws Exception {
        LoadArgs a = LoadArgs.parse(args);
        Path dir = Files.createTempDirectory("wharf-order-load");
        System.out.printf("order load: %d clients, warm-up %s, measure %s; data in %s%n", a.clients(), a.warmup(),
            a.duration(), dir);
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"));
             EmbeddedRedisServer redis = EmbeddedRedisServer.start();
             BrokerGroup brokers = BrokerGroup.start(dir.resolve("brokers"), 3, BROKER_OPTIONS)) {
            pg.createDatabases(List.of("orders", "bench"));
            brokers.awaitLeader(Duration.ofSeconds(30));
            System.out.println("stack up: PostgreSQL :" + pg.port() + ", Redis :" + redis.port() + ", brokers "
                + brokers.bootstrap());
            try (OrderServiceProcess service = OrderServiceProcess.start(dir, pg, redis, brokers.bootstrap(),
                a.maxConnections())) {
                HttpLoad.Result orders = HttpLoad.run(service.baseUrl(), a.clients(), a.warmup(), a.duration());
                report("order-service create+pay", orders);
                JdbcInsertLoad.Result db = JdbcInsertLoad.run(pg.jdbcUrl("bench"), a.clients(), a.warmup(),
                    a.duration());
                System.out.printf("PostgreSQL single-row insert, %d clients: %,.0f rows/s, p50 %.2f ms, p99 %.2f ms%n",
                    a.clients(), db.perSecond(), ms(db.latency().p50Ns()), ms(db.latency().p99Ns()));
                System.out.printf("ratio: %.3f orders (create+pay) per database insert%n",
                    orders.pairsPerSecond() / db.perSecond());
            }
        }
    }

    private static void report(String what, HttpLoad.Result r) {
        System.out.printf("%s: %,.0f orders/s (%d pairs, %d errors); create p50 %.2f ms p99 %.2f ms; pay p50 %.2f ms "
                + "p99 %.2f ms%n", what, r.pairsPerSecond(), r.pairs(), r.errors(), ms(r.create().p50Ns()),
            ms(r.create().p99Ns()), ms(r.pay().p50Ns()), ms(r.pay().p99Ns()));
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Summarises recorders. */
    static LatencyRecorder.Percentiles summarize(List<LatencyRecorder> recorders) {
        return LatencyRecorder.summarize(recorders);
    }
}
