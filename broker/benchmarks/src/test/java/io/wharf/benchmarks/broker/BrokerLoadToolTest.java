package io.wharf.benchmarks.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        // The broker from the test class path (the tool itself runs java -jar wharf-broker-server.jar), small
        // unallocated segments so it starts at once.
        BrokerLoadOptions options = new BrokerLoadOptions(List.of(BrokerLoadOptions.WHARF), List.of(Flush.ASYNC),
            List.of(1), Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(1), 1024, 2, 500, 4,
            Duration.ofSeconds(30), 0,
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), root,
            List.of("-cp", System.getProperty("java.class.path"), "io.wharf.server.BrokerMain"),
            Map.of("store.segment.bytes", "1048576", "store.preallocate", "false"), null, null);
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
}
