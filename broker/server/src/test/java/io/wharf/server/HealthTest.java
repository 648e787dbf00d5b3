package io.wharf.server;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.OffsetCommitRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} tells the truth about the bookkeeping: a persist that fails is DEGRADED until one succeeds. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void offsetsThatCannotBePersistedDegradeHealthUntilTheyAre() throws Exception {
        try (BrokerNode node = TestNodes.start(dir, "offset.flush.interval.ms", "100", "topic.auto.create", "true");
             RawClient c = new RawClient(node.brokerAddress())) {
            assertThat(health(node).path("status").asText()).isEqualTo("UP");
            // The offsets file is replaced through consumer-offsets.json.tmp: a directory there makes every write
            // fail (as a full or read-only disk would), whoever runs the test.
            Path blocker = dir.resolve("config/consumer-offsets.json.tmp");
            Files.createDirectories(blocker.resolve("x"));
            assertThat(c.call(Opcode.OFFSET_COMMIT, new OffsetCommitRequest("g", "t", 0, 42)).status())
                .isEqualTo(Status.OK);
            until(Duration.ofSeconds(10), () -> "DEGRADED".equals(health(node).path("status").asText()),
                () -> "health " + health(node));
            JsonNode degraded = health(node);
            assertThat(degraded.path("problems").path("consumer offsets").asText()).contains("consumer-offsets");
            assertThat(status(node)).isEqualTo(503);

            Files.delete(blocker.resolve("x"));
            Files.delete(blocker);
            until(Duration.ofSeconds(10), () -> "UP".equals(health(node).path("status").asText()),
                () -> "health " + health(node));
            assertThat(JSON.readTree(Files.readString(dir.resolve("config/consumer-offsets.json"))).toString())
                .as("the offset that failed to persist was written by a later flush").contains("42");
        }
    }

    private static void until(Duration timeout, BooleanSupplier condition,
                              Supplier<String> describe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + describe.get());
            }
            Thread.sleep(50);
        }
    }

    private JsonNode health(BrokerNode node) {
        try {
            return JSON.readTree(get(node).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int status(BrokerNode node) throws Exception {
        return get(node).statusCode();
    }

    private HttpResponse<String> get(BrokerNode node) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminAddress().getPort()
            + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
