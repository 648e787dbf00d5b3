package io.wharf.benchmarks.delay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Wharf broker ({@code broker/server/target/wharf-broker-server.jar}) in a child JVM on free loopback ports, its
 * data in a temporary directory that {@link #close()} deletes after killing it. The same approach as the broker
 * load tool's {@code WharfPeer}, reduced to what the delay benchmark needs.
 */
final class DelayBroker implements AutoCloseable {
    private static final Pattern BROKER_LINE = Pattern.compile("^\\s*broker:\\s+(\\S+:\\d+)\\s*$");
    private static final Pattern ADMIN_LINE = Pattern.compile("^\\s*admin/health:\\s+(http://\\S+)/health\\s*$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final Thread hook;
    private final List<String> lines = new ArrayList<>();
    private String address;
    private String admin;

    private DelayBroker(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.hook = new Thread(process::destroyForcibly, "wharf-broker-kill");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts the broker with {@code settings} as {@code -Dwharf.<key>=<value>} and waits for its addresses. */
    static DelayBroker start(Path jar, List<String> jvmOptions, Map<String, String> settings)
        throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("wharf-delay-");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-Dwharf.node.id=delay-bench");
        cmd.add("-Dwharf.data.dir=" + dir.resolve("data"));
        cmd.add("-Dwharf.broker.host=127.0.0.1");
        cmd.add("-Dwharf.admin.host=127.0.0.1");
        cmd.add("-Dwharf.broker.port=0");
        cmd.add("-Dwharf.admin.port=0");
        settings.forEach((k, v) -> cmd.add("-Dwharf." + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        DelayBroker broker = new DelayBroker(p, dir);
        Thread drain = new Thread(() -> broker.drain(dir.resolve("broker.log")), "wharf-broker-output");
        drain.setDaemon(true);
        drain.start();
        try {
            broker.address = broker.await(BROKER_LINE);
            broker.admin = broker.await(ADMIN_LINE);
            return broker;
        } catch (InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The broker's client address, {@code host:port}. */
    String address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    /** Creates {@code name} with {@code queues} queues through {@code POST /admin/topics}. */
    void createTopic(String name, int queues) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest post = HttpRequest.newBuilder(URI.create(admin + "/admin/topics"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"queues\":" + queues + "}"))
                .build();
            HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("creating topic " + name + " failed: " + r.statusCode() + " "
                    + r.body());
            }
        }
    }

    private void drain(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                 StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                synchronized (lines) {
                    if (lines.size() < 2000) {
                        lines.add(line);
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The stream closes when the child dies; the waiter sees that it is not alive.
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    private String await(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m.group(1);
                    }
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!process.isAlive() || leftMs <= 0) {
                    throw new IllegalStateException("the Wharf broker did not start; its output:\n  "
                        + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
                }
                lines.wait(Math.min(leftMs, 200));
            }
        }
    }

    /** SIGTERM, then SIGKILL after 20 s; then deletes the data directory. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down already; the hook kills the dead process again, harmlessly.
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }

    /** The broker jar beside this tool's jar (broker/server/target) or, failing that, relative to the cwd. */
    static Path defaultJar() {
        try {
            Path self = Path.of(DelayBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = self.getParent().resolve("../../server/target/wharf-broker-server.jar").normalize();
            if (Files.exists(beside)) {
                return beside;
            }
        } catch (URISyntaxException | SecurityException e) {
            // Fall through to the path relative to the working directory.
        }
        return Path.of("broker/server/target/wharf-broker-server.jar");
    }
}
