package io.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real broker main class in a child JVM, talks to it over HTTP and stops it with SIGTERM. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrokerProcessTest {
    private static final Pattern HEALTH_URL = Pattern.compile("admin/health: (http://\\S+)");

    @TempDir
    Path dir;

    @Test
    void nodeStartsServesHealthAndMetricsAndShutsDownCleanlyOnSigterm() throws Exception {
        Process p = startNode();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
            String healthUrl = null;
            List<String> seen = new ArrayList<>();
            for (String line; healthUrl == null && (line = out.readLine()) != null; ) {
                seen.add(line);
                Matcher m = HEALTH_URL.matcher(line);
                if (m.find()) {
                    healthUrl = m.group(1);
                }
            }
            assertThat(healthUrl).as("startup output: %s", seen).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(healthUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode healthJson = new ObjectMapper().readTree(health.body());
            assertThat(healthJson.get("status").asText()).isEqualTo("UP");
            assertThat(healthJson.get("node").asText()).isEqualTo("it-node");
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create(healthUrl.replace("/health", "/metrics"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("wharf_store_log_end_index 0.0").contains("wharf_store_failed 0.0")
                .contains("wharf_send_latency_seconds_bucket");
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                URI.create(healthUrl.replace("/health", "/nope"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");

            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.exists(dir.resolve("node/store/abort"))).as("clean shutdown removes the abort marker")
                .isFalse();
            assertThat(Files.exists(dir.resolve("node/store/checkpoint"))).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    private Process startNode() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "-Dwharf.node.id=it-node", "-Dwharf.admin.port=0",
            "-Dwharf.broker.port=0", "-Dwharf.data.dir=" + dir.resolve("node"),
            "-Dwharf.store.segment.bytes=1048576", "-Dwharf.store.preallocate=false",
            BrokerMain.class.getName())
            .redirectErrorStream(true)
            .start();
    }
}
