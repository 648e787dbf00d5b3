package io.wharf.micronaut.graceful;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during consumption: the listener application stops pulling, lets running calls finish, commits its
 * offsets and leaves; a second instance then consumes the rest. Nothing is lost, and nothing the first one
 * finished is delivered again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {
    private static final int MESSAGES = 400;

    @TempDir
    Path tmp;

    private Process app(BrokerProcess broker, Path recordFile, Path log) throws IOException {
        List<String> options = List.of("-Dwharf.bootstrap=" + broker.address(), "-Dtest.record-file=" + recordFile,
            "-Dmicronaut.application.name=graceful-app", "-Dotel.traces.exporter=none");
        return new ProcessBuilder(ChildJvm.command(ListenerApp.class.getName(), options, List.of()))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sigtermMidConsumptionLosesNothingAndRedeliversNothingThatFinished() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(tmp.resolve("broker"));
             Producer producer = new Producer(ProducerConfig.builder("graceful-producer", broker.address())
                 .build())) {
            producer.start();
            for (int i = 0; i < MESSAGES; i++) {
                producer.send(Message.of("graceful", ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
            Path first = tmp.resolve("first.txt");
            Path second = tmp.resolve("second.txt");
            Process a = app(broker, first, tmp.resolve("first.log"));
            Await.until(Duration.ofSeconds(60), () -> lines(first).size() >= 60,
                () -> "first instance recorded " + lines(first).size());
            a.destroy();
            assertThat(a.waitFor(60, TimeUnit.SECONDS)).as("first instance exits on SIGTERM").isTrue();
            String log = Files.readString(tmp.resolve("first.log"));
            assertThat(log).as("the context closed: listeners stopped, offsets committed")
                .contains("LISTENER APP STOPPED");
            int finishedByFirst = lines(first).size();
            assertThat(finishedByFirst).isLessThan(MESSAGES);

            Process b = app(broker, second, tmp.resolve("second.log"));
            try {
                Await.until(Duration.ofSeconds(60), () -> finishedByFirst + lines(second).size() >= MESSAGES,
                    () -> "recorded " + finishedByFirst + " + " + lines(second).size());
                Await.holdsFor(Duration.ofMillis(500), () -> finishedByFirst + lines(second).size() == MESSAGES,
                    () -> "recorded " + finishedByFirst + " + " + lines(second).size() + " of " + MESSAGES);
            } finally {
                b.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            List<String> all = new ArrayList<>(lines(first));
            all.addAll(lines(second));
            Set<String> bodies = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            for (String line : all) {
                String body = line.split(" ")[0];
                if (!bodies.add(body)) {
                    duplicates.add(body);
                }
            }
            assertThat(duplicates).as("finished work delivered again").isEmpty();
            assertThat(bodies).hasSize(MESSAGES);
        }
    }
}
