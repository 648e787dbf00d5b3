package io.wharf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system, started once for the suite by the same launcher as README command 1 (from the packaged jars,
 * data in a temporary directory, 1-second payment window), and stopped with SIGTERM when the suite ends. The
 * tests talk to it over HTTP only.
 */
final class WholeStack implements ExtensionContext.Store.CloseableResource {
    static final String ORDERS = "http://127.0.0.1:8090";
    static final String COUPONS = "http://127.0.0.1:8091";
    static final String TIMEOUTS = "http://127.0.0.1:8092";
    static final String BINLOG = "http://127.0.0.1:8093";
    static final String WAREHOUSE = "http://127.0.0.1:8094";

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process launcher;
    private final Path data;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private WholeStack(Process launcher, Path data) {
        this.launcher = launcher;
        this.data = data;
    }

    /** The suite's stack, started by the first test class that asks. */
    static WholeStack get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(WholeStack.class, k -> start(), WholeStack.class);
    }

    private static WholeStack start() {
        try {
            Path jar = ROOT.resolve("deploy/launcher/target/wharf-launcher.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " missing: build the reactor (./mvnw verify builds it first)");
            }
            Path data = Files.createTempDirectory("wharf-e2e");
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-Dwharf.root=" + ROOT, "-Dwharf.data=" + data,
                "-Dwharf.stack.order-service.orders.timeout-delay-level=1",
                "-Dwharf.stack.order-service.orders.timeout-delay=1s", "-jar", jar.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            WholeStack stack = new WholeStack(p, data);
            CompletableFuture<Void> up = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("launcher-output").start(() -> stack.drain(up));
            up.get(240, TimeUnit.SECONDS);
            return stack;
        } catch (Exception e) {
            throw new IllegalStateException("the whole stack did not start", e);
        }
    }

    private void drain(CompletableFuture<Void> up) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                output.add(line);
                System.out.println("[stack] " + line);
                if (line.startsWith("Wharf is up.")) {
                    up.complete(null);
                }
            }
        } catch (IOException e) {
            up.completeExceptionally(e);
        }
        up.completeExceptionally(new IllegalStateException("the launcher exited: " + output));
    }

    /** An answer: status and body (JSON when it is). */
    record Reply(int status, String text, JsonNode json) {
    }

    static Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static Reply post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.body().startsWith("{") || r.body().startsWith("[")) {
                json = JSON.readTree(r.body());
            }
            return new Reply(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws Exception {
        launcher.destroy();
        if (!launcher.waitFor(120, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
