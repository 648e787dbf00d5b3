package io.wharf.benchmarks.delay;

import io.wharf.benchmarks.broker.ChildProcess;
import io.wharf.benchmarks.broker.WharfAnnouncements;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Wharf broker ({@code broker/server/target/wharf-broker-server.jar}) in a child JVM on free loopback ports, its
 * data in a temporary directory that {@link #close()} deletes after stopping it. Built on the broker load tool's
 * {@link ChildProcess} and {@link WharfAnnouncements}, reduced to what the delay benchmark needs.
 */
final class DelayBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess child;
    private final Path dir;
    private final String address;
    private final String admin;

    private DelayBroker(ChildProcess child, Path dir, String address, String admin) {
        this.child = child;
        this.dir = dir;
        this.address = address;
        this.admin = admin;
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
        ChildProcess child = ChildProcess.start("wharf-broker", cmd, dir.resolve("broker.log"));
        try {
            String address = child.await(WharfAnnouncements.BROKER_LINE, START_TIMEOUT);
            String admin = child.await(WharfAnnouncements.ADMIN_LINE, START_TIMEOUT);
            return new DelayBroker(child, dir, address, admin);
        } catch (InterruptedException | RuntimeException e) {
            child.close();
            deleteTree(dir);
            throw e;
        }
    }

    /** The broker's client address, {@code host:port}. */
    String address() {
        return address;
    }

    long pid() {
        return child.pid();
    }

    /** Creates {@code name} with {@code queues} queues through {@code POST /admin/topics}. */
    void createTopic(String name, int queues) throws IOException, InterruptedException {
        WharfAnnouncements.createTopic(admin, name, queues);
    }

    /** SIGTERM, then SIGKILL after 20 s; then deletes the data directory. */
    @Override
    public void close() throws InterruptedException {
        child.close();
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
