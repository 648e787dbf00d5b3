package io.wharf.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Wharf service (a Micronaut application) in a child JVM: started from its packaged jar
 * ({@code <service>/target/wharf-<service>.jar}) or from a main class of this JVM's class path, configured with
 * {@code -D} settings, logging to a file, and ready once {@code GET /health} answers 2xx on its port.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code java [jvmOptions] -D<settings> -jar jar} with {@code micronaut.server.port} set to {@code port},
     * and waits until it is healthy.
     */
    public static ServiceProcess fromJar(String name, Path jar, List<String> jvmOptions, Map<String, String> settings,
                                         int port, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(options(settings, port));
        cmd.addAll(List.of("-jar", jar.toString()));
        return start(name, cmd, port, log);
    }

    /** Starts {@code mainClass} from this JVM's class path (test JVM settings, {@link ChildJvm}), and waits. */
    public static ServiceProcess fromClassPath(String name, String mainClass, Map<String, String> settings, int port,
                                               Path log) throws IOException {
        return start(name, ChildJvm.command(mainClass, options(settings, port), List.of()), port, log);
    }

    private static List<String> options(Map<String, String> settings, int port) {
        List<String> out = new ArrayList<>();
        settings.forEach((k, v) -> out.add("-D" + k + "=" + v));
        out.add("-Dmicronaut.server.port=" + port);
        return out;
    }

    private static ServiceProcess start(String name, List<String> cmd, int port, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess s = new ServiceProcess(name, p, port, log);
        boolean healthy = false;
        try {
            Await.until(START_TIMEOUT, () -> p.isAlive() && s.status("/health") / 100 == 2,
                () -> name + " not healthy; alive " + p.isAlive() + ", log " + log);
            healthy = true;
        } finally {
            if (!healthy) {
                p.destroyForcibly();
            }
        }
        return s;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The HTTP status of {@code GET path}, or 0 when nothing answers. */
    public int status(String path) {
        try {
            return AdminCalls.get(url() + path).statusCode();
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    /** Kills it with SIGKILL, as a crash would, and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted killing " + name, e);
        }
    }

    /** Stops it with SIGTERM (a graceful shutdown), waiting up to 30 s. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
