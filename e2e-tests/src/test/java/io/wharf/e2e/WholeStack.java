package io.wharf.e2e;

import java.time.Duration;
import java.util.Comparator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system, started once for the suite by the same launcher as README command 1 (from the packaged jars,
 * data in a temporary directory, a 10-second payment window, broker check-backs every 2 s, a 45-second sequence
 * audit window), and stopped with
 * SIGTERM when the suite ends. The tests talk to it over HTTP only; their faults are the launcher's control
 * commands on its standard input ({@link #control}: kill -9, SIGSTOP, restart, a database taken away).
 */
final class WholeStack implements ExtensionContext.Store.CloseableResource {
    static final String ORDERS = "http://127.0.0.1:8090";
    static final String COUPONS = "http://127.0.0.1:8091";
    static final String TIMEOUTS = "http://127.0.0.1:8092";
    static final String BINLOG = "http://127.0.0.1:8093";
    static final String WAREHOUSE = "http://127.0.0.1:8094";
    static final String BROKER_ADMIN = "http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083";
    /** The payment window of the suite's stack (delay level 3). */
    static final Duration PAYMENT_WINDOW = Duration.ofSeconds(10);
    /**
     * How long a sequence hole may stay open before coupon-service's audit reports it (2 minutes by default): short
     * enough that a hole left by any scenario is reported by the time the last one checks, longer than any
     * scenario's payment takes.
     */
    static final Duration AUDIT_WINDOW = Duration.ofSeconds(45);
    private static final String CONTROL = "control: ";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process launcher;
    private final Path data;
    /** The broker admin token the launcher generated in the stack's data directory. */
    private static volatile String brokerAdminToken;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private volatile boolean killed;
    private static volatile WholeStack current;

    private WholeStack(Process launcher, Path data) {
        this.launcher = launcher;
        this.data = data;
    }

    /** The suite's stack, started by the first test class that asks. */
    static WholeStack get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(WholeStack.class, k -> start(), WholeStack.class);
    }

    /** The running stack (after {@link #get} started it). */
    static WholeStack current() {
        if (current == null) {
            throw new IllegalStateException("the stack is not started; register WholeStack::get as an extension");
        }
        return current;
    }

    private static WholeStack start() {
        try {
            Path jar = ROOT.resolve("deploy/launcher/target/wharf-launcher.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " missing: build the reactor (./mvnw verify builds it first)");
            }
            Path data = Files.createTempDirectory("wharf-e2e");
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-Dwharf.root=" + ROOT, "-Dwharf.data=" + data, "-Dwharf.control=stdin",
                "-Dwharf.stack.order-service.orders.timeout-delay-level=3",
                "-Dwharf.stack.order-service.orders.timeout-delay=" + PAYMENT_WINDOW.toSeconds() + "s",
                "-Dwharf.stack.broker.transaction.check.interval.ms=2000",
                "-Dwharf.stack.coupon-service.wharf.sequence.audit.window=" + AUDIT_WINDOW.toSeconds() + "s",
                "-jar", jar.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            WholeStack stack = new WholeStack(p, data);
            current = stack;
            CompletableFuture<Void> up = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("launcher-output").start(() -> stack.drain(up));
            up.get(240, TimeUnit.SECONDS);
            brokerAdminToken = Files.readString(data.resolve("security/admin.token")).trim();
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
                if (line.startsWith(CONTROL)) {
                    answers.add(line.substring(CONTROL.length()));
                }
                if (line.startsWith("Wharf is up.")) {
                    up.complete(null);
                }
            }
        } catch (IOException e) {
            up.completeExceptionally(e);
        }
        up.completeExceptionally(new IllegalStateException("the launcher exited: " + output));
    }

    /**
     * Runs a launcher control command ({@code kill broker-n1}, {@code start coupon-service}, {@code db-off coupons},
     * {@code leader}, {@code pids}, ...) and returns its result; a failed command fails the test.
     */
    synchronized String control(String command) {
        try {
            OutputStream in = launcher.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String answer = answers.poll(180, TimeUnit.SECONDS);
            if (answer == null) {
                throw new IllegalStateException("the launcher did not answer '" + command + "' within 180 s");
            }
            if (!answer.startsWith("ok " + command)) {
                throw new IllegalStateException("'" + command + "' " + answer);
            }
            return answer.substring(("ok " + command).length()).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("sending '" + command + "' to the launcher", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The broker node that leads now, e.g. {@code broker-n2}. */
    String leader() {
        return control("leader");
    }

    /** Every process of the stack by name (brokers, services, PostgreSQL's postmaster, Redis). */
    Map<String, Long> pids() {
        return Arrays.stream(control("pids").split(",")).map(kv -> kv.split("="))
            .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1])));
    }

    /** SIGKILLs the launcher itself (the last scenario: nothing of the stack may outlive it). */
    void killLauncher() throws InterruptedException {
        killed = true;
        launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** An answer: status and body (JSON when it is). */
    record Reply(int status, String text, JsonNode json) {
    }

    static Reply get(String url) {
        return send(request(url).timeout(REQUEST_TIMEOUT).GET().build());
    }

    static Reply post(String url, String body) {
        return send(request(url).timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Like {@link #get}, but {@code null} when nothing answers (a process killed or frozen by the scenario). */
    static Reply tryGet(String url) {
        try {
            return send(request(url).timeout(Duration.ofSeconds(3)).GET().build());
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** A file the launcher generated under the stack's {@code security/} directory. */
    String securityFile(String name) throws IOException {
        return Files.readString(data.resolve("security").resolve(name));
    }

    /** A request to {@code url}; one to a broker's admin API carries the stack's admin token. */
    private static HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        String token = brokerAdminToken;
        if (token != null && Arrays.stream(BROKER_ADMIN.split(",")).anyMatch(url::startsWith)) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** A request to {@code url} without any token (to see what a stranger gets). */
    static Reply anonymousGet(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build());
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
        if (!killed) {
            launcher.destroy();
            if (!launcher.waitFor(120, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        }
        Scorecard.write();
        try (var files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
