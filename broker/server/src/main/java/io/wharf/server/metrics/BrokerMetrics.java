package io.wharf.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wharf.protocol.Opcode;
import io.wharf.server.auth.AccessControl;
import io.wharf.store.MessageStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The node's meters (Micrometer, scraped in the Prometheus format at {@code /metrics}): store positions and its
 * failed flag; the group's role, term and commit index; refusals of authentication, ACL and admin tokens; latency
 * histograms of sends (request to answer), of the commit log's forces, and of the majority commit; JVM memory, GC,
 * threads and CPU.
 */
public final class BrokerMetrics {
    private static final Duration[] SLOS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer send;
    private final Timer flush;
    private final Timer commit;
    private final LongAdder adminRefusals = new LongAdder();

    /** What a group member reports; null for a single node. */
    public interface Group {
        boolean isLeader();

        long term();

        long commitIndex();
    }

    public BrokerMetrics(MessageStore store, Supplier<Group> group, AccessControl access) {
        Gauge.builder("wharf.store.log.end.index", store, s -> s.endPosition().index())
            .description("Index of the last record in the commit log").register(registry);
        Gauge.builder("wharf.store.log.end.offset.bytes", store, s -> s.endPosition().offset())
            .description("Commit-log write offset").register(registry);
        Gauge.builder("wharf.store.durable.offset.bytes", store, s -> s.durablePosition().offset())
            .description("Commit-log offset forced to disk").register(registry);
        Gauge.builder("wharf.store.commit.watermark", store, MessageStore::commitWatermark)
            .description("Highest committed log index").register(registry);
        Gauge.builder("wharf.store.dispatched.index", store, s -> s.dispatchedPosition().index())
            .description("Highest log index dispatched to consume queues").register(registry);
        Gauge.builder("wharf.store.failed", store, s -> s.failed() ? 1 : 0)
            .description("1 after an I/O failure stopped the store").register(registry);
        Gauge.builder("wharf.cluster.leader", group, g -> g.get() == null || g.get().isLeader() ? 1 : 0)
            .description("1 while this member serves as leader").register(registry);
        Gauge.builder("wharf.cluster.term", group, g -> g.get() == null ? 0 : g.get().term())
            .description("Current Raft term").register(registry);
        Gauge.builder("wharf.cluster.commit.index", group, g -> g.get() == null ? store.commitWatermark()
                : g.get().commitIndex())
            .description("Highest log index committed by the majority").register(registry);
        FunctionCounter.builder("wharf.auth.failures", access, AccessControl::authFailures)
            .description("Connections or requests refused with AUTH_FAILED").register(registry);
        for (Opcode o : Opcode.values()) {
            FunctionCounter.builder("wharf.acl.denied", access, a -> a.denials().get(o)).tag("opcode", o.name())
                .description("Requests refused with NO_PERMISSION, by opcode").register(registry);
        }
        FunctionCounter.builder("wharf.admin.refused", adminRefusals, LongAdder::sum)
            .description("Admin API calls refused (401 or 403)").register(registry);
        this.send = latency("wharf.send.latency", "From a SEND or SEND_BATCH request to its answer");
        this.flush = latency("wharf.store.flush.latency", "One force of the commit log (a group commit)");
        this.commit = latency("wharf.replication.commit.latency",
            "From a stored record to its commit by the majority (group members)");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(SLOS)
            .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** A send's latency from the request's arrival. */
    public void sendAnswered(long startNanos) {
        send.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** One force of the commit log, as long as it took. */
    public void flushed(long nanos) {
        flush.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A record's wait for the majority, from the moment it was stored. */
    public void committed(long startNanos) {
        commit.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Counts an admin call refused for want of a token or a role. */
    public void adminRefused() {
        adminRefusals.increment();
    }

    /** Everything, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }
}
