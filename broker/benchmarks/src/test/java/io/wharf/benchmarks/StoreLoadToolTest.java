package io.wharf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class StoreLoadToolTest {
    @TempDir
    Path root;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void oneWriterForASecondReportsARateAndCleansUp() throws Exception {
        LoadOptions options = new LoadOptions(List.of(1), Duration.ZERO, Duration.ofMillis(800), root, 8 << 20,
            BenchmarkRecords.BODY_BYTES, List.of(RawVariant.MMAP), "channel");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        List<StepResult> steps = StoreLoadTool.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(steps).singleElement().satisfies(step -> {
            assertThat(step.store().recordsPerSecond()).isPositive();
            // One writer waits for each force, so nothing can be batched (edges of the window aside).
            assertThat(step.store().recordsPerForce()).isCloseTo(1.0, within(0.1));
            assertThat(step.raw().recordsPerSecond()).isPositive();
            assertThat(step.store().latency().p99Ns()).isPositive();
        });
        assertThat(LoadReport.table(steps)).contains("| 1 |");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("store:", "raw:");
        try (var left = Files.list(root)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void parsesTheCommandLine() {
        LoadOptions o = LoadOptions.parse(new String[] {"--writers", "1,64", "--duration", "500ms", "--warmup", "2s"});

        assertThat(o.writerCounts()).containsExactly(1, 64);
        assertThat(o.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.rawVariants()).containsExactly(RawVariant.values());
    }
}
