package io.wharf.benchmarks.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.testkit.LatencyRecorder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class BrokerLoadToolTest {
    @TempDir
    Path root;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneThreadAgainstARealWharfBrokerReportsRatesDrainsTheBacklogAndCleansUp() throws Exception {
        BrokerLoadOptions options = smallRun(BrokerLoadOptions.WHARF, Flush.ASYNC, 500);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        BrokerRun run = BrokerLoadTool.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(run.sends()).singleElement().satisfies(s -> {
            assertThat(s.result().messagesPerSecond()).isPositive();
            assertThat(s.result().errors()).isZero();
            assertThat(s.result().latency().p99Ns()).isPositive();
        });
        assertThat(run.drains()).singleElement().satisfies(d -> {
            assertThat(d.fill().messages()).isEqualTo(500);
            assertThat(d.result().complete()).isTrue();
            assertThat(d.result().messagesPerSecond()).isPositive();
        });
        assertThat(BrokerReport.sendTables(run, options)).contains("| Wharf |");
        assertThat(BrokerReport.drainTable(run)).contains("| Wharf | ASYNC | 500 |");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("starting the broker", "warm-up", "=> ");
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aThreeNodeWharfGroupElectsALeaderTakesSendsAndDrains() throws Exception {
        // Three broker JVMs, one group; the tool finds the leader and sends through it.
        BrokerLoadOptions options = smallRun(BrokerLoadOptions.WHARF_GROUP, Flush.SYNC, 200);

        BrokerRun run = BrokerLoadTool.run(options, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));

        assertThat(run.sends()).singleElement().satisfies(s -> {
            assertThat(s.result().messagesPerSecond()).isPositive();
            assertThat(s.result().errors()).isZero();
        });
        assertThat(run.drains()).singleElement().satisfies(d -> assertThat(d.result().complete()).isTrue());
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    /**
     * One thread, one second, a small backlog; the broker from the test class path (the tool itself runs java -jar
     * wharf-broker-server.jar), small unallocated segments so it starts at once.
     */
    private BrokerLoadOptions smallRun(String broker, Flush flush, long backlog) {
        return new BrokerLoadOptions(List.of(broker), List.of(flush), List.of(1), Duration.ofMillis(200),
            Duration.ofMillis(300), Duration.ofSeconds(1), 1024, 2, backlog, 4, Duration.ofSeconds(60), 0,
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), root,
            List.of("-cp", System.getProperty("java.class.path"), "io.wharf.server.BrokerMain"),
            Map.of("store.segment.bytes", "1048576", "store.preallocate", "false"), Map.of(), null, null);
    }

    @Test
    void parsesTheCommandLine() {
        BrokerLoadOptions o = BrokerLoadOptions.parse(new String[] {"--brokers", "wharf", "--flush", "sync",
            "--threads", "16,64", "--warmup", "1s", "--duration", "500ms", "--wharf-set", "store.preallocate=false",
            "--jvm", "-Xms1g -Xmx1g"});

        assertThat(o.brokers()).containsExactly("wharf");
        assertThat(o.flushModes()).containsExactly(Flush.SYNC);
        assertThat(o.threadCounts()).containsExactly(16, 64);
        assertThat(o.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.wharfSettings()).containsEntry("store.preallocate", "false");
        assertThat(o.jvmOptions()).containsExactly("-Xms1g", "-Xmx1g");
        assertThat(o.drainMessages()).isEqualTo(1_000_000);
        assertThat(o.prime()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> BrokerLoadOptions.parse(new String[] {"--nope", "1"}))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replicatedSetsItsDefaultsAndTheCommandLineStillWins() {
        BrokerLoadOptions o = BrokerLoadOptions.parse(new String[] {"--replicated", "--brokers",
            "wharf-group,rocketmq-master-slave,rocketmq-dledger", "--duration", "20s", "--rocketmq-set",
            "inSyncReplicas=1", "--jvm", "-Xmx512m"});

        assertThat(o.brokers()).containsExactly(BrokerLoadOptions.WHARF_GROUP, BrokerLoadOptions.ROCKETMQ_MASTER_SLAVE,
            BrokerLoadOptions.ROCKETMQ_DLEDGER);
        assertThat(o.flushModes()).containsExactly(Flush.SYNC);
        assertThat(o.drainMessages()).isZero();
        assertThat(o.jvmOptions()).containsExactly("-Xmx512m");
        assertThat(o.rocketMqSettings()).containsEntry("inSyncReplicas", "1");
        assertThat(BrokerLoadOptions.parse(new String[] {"--replicated"}).jvmOptions())
            .containsExactly("-Xms1g", "-Xmx1g");
        assertThatThrownBy(() -> BrokerLoadOptions.parse(new String[] {"--brokers", "kafka"}))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsEveryReferenceAgainstTheFirstBrokerAndJudgesTheReplicatedGoals() {
        BrokerLoadOptions o = BrokerLoadOptions.parse(new String[] {"--replicated", "--brokers",
            "wharf-group,rocketmq-master-slave,rocketmq-dledger", "--threads", "16"});
        LatencyRecorder fast = new LatencyRecorder();
        fast.record(1_000_000);
        LatencyRecorder slow = new LatencyRecorder();
        slow.record(10_000_000);
        BrokerRun run = new BrokerRun(List.of(
            new BrokerRun.SendStep(BrokerLoadOptions.WHARF_GROUP, Flush.SYNC, 16,
                new SendResult(30_000, 10, 1024, LatencyRecorder.summarize(List.of(fast)), 0, null)),
            new BrokerRun.SendStep(BrokerLoadOptions.ROCKETMQ_MASTER_SLAVE, Flush.SYNC, 16,
                new SendResult(10_000, 10, 1024, LatencyRecorder.summarize(List.of(slow)), 0, null)),
            new BrokerRun.SendStep(BrokerLoadOptions.ROCKETMQ_DLEDGER, Flush.SYNC, 16,
                new SendResult(10_000, 10, 1024, LatencyRecorder.summarize(List.of(slow)), 0, null))), List.of());

        assertThat(BrokerReport.sendTables(run, o)).contains("| Wharf 3-node group | 3,000 |",
            "| Wharf group / RocketMQ M/S | 3.00x |", "| Wharf group / RocketMQ DLedger | 3.00x |");
        assertThat(BrokerReport.verdict(run, o)).containsExactly(
            "Goal SYNC 16 threads: Wharf group/RocketMQ M/S msgs/s 3.00x (>= 2x: MET), p99 1.00 ms vs 10.00 ms "
                + "(no worse: MET)",
            "Goal SYNC 16 threads: Wharf group/RocketMQ DLedger msgs/s 3.00x (>= 4x: MISSED), p99 1.00 ms vs "
                + "10.00 ms (no worse: MET)");
    }
}
