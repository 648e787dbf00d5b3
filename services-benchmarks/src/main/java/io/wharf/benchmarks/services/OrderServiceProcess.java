package io.wharf.benchmarks.services;

import io.wharf.testkit.ChildJvm;
import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.EmbeddedRedisServer;
import io.wharf.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * order-service in a child JVM of its own (1 GiB heap, full JIT), configured by system properties, logging to a
 * file.
 */
final class OrderServiceProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final String baseUrl;

    private OrderServiceProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static OrderServiceProcess start(Path dir, EmbeddedPostgresServer pg, EmbeddedRedisServer redis,
                                     String bootstrap, int pool) throws IOException, InterruptedException {
        int port = Ports.free();
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx1g", "-XX:TieredStopAtLevel=4",
            "-Dmicronaut.server.port=" + port,
            "-Ddatasources.default.url=" + pg.jdbcUrl("orders"), "-Ddatasources.default.username=postgres",
            "-Ddatasources.default.password=postgres", "-Ddatasources.default.maximum-pool-size=" + pool,
            "-Dredis.uri=" + redis.uri(), "-Dwharf.bootstrap=" + bootstrap, "-Dotel.traces.exporter=none",
            "-Dlogger.levels.root=WARN"));
        String jfr = System.getProperty("order.jfr");
        if (jfr != null) {
            options.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        Path log = dir.resolve("order-service.log");
        Process p = new ProcessBuilder(ChildJvm.command("io.wharf.order.Application", options, List.of()))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        OrderServiceProcess service = new OrderServiceProcess(p, "http://127.0.0.1:" + port);
        service.awaitHealthy(log);
        return service;
    }

    private void awaitHealthy(Path log) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("order-service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    System.out.println("order-service up at " + baseUrl + " (log " + log + ")");
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("order-service not healthy within " + START_TIMEOUT + "; see " + log);
    }

    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
