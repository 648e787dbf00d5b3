package io.wharf.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real broker (io.wharf.server.BrokerMain) in a child JVM on ephemeral ports, with topics created on first use
 * (4 queues each). Its output is drained into {@link #output()}; {@link #close()} kills it.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Pattern BROKER_ADDRESS = Pattern.compile("^\\s*broker:\\s+(\\S+:\\d+)\\s*$");
    private static final long START_TIMEOUT_MS = 30_000;

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final String address;

    private BrokerProcess(Process process) throws Exception {
        this.process = process;
        CompletableFuture<String> announced = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(announced), "broker-stdout");
        drain.setDaemon(true);
        drain.start();
        try {
            this.address = announced.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("broker did not announce its address; output: " + output, e);
        }
    }

    /** Starts a broker with its data in {@code dataDir}. */
    public static BrokerProcess start(Path dataDir) throws Exception {
        return start(dataDir, List.of());
    }

    /** Starts a broker with its data in {@code dataDir} and extra settings ({@code -Dwharf.<key>=<value>}). */
    public static BrokerProcess start(Path dataDir, List<String> settings) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Dwharf.broker.port=0", "-Dwharf.admin.port=0",
            "-Dwharf.data.dir=" + dataDir, "-Dwharf.store.segment.bytes=1048576", "-Dwharf.store.preallocate=false",
            "-Dwharf.topic.auto.create=true"));
        options.addAll(settings);
        List<String> command = ChildJvm.command("io.wharf.server.BrokerMain", options, List.of());
        return new BrokerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void drain(CompletableFuture<String> announced) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            String brokerAddress = null;
            for (String line; (line = r.readLine()) != null; ) {
                output.add(line);
                Matcher m = BROKER_ADDRESS.matcher(line);
                if (m.find()) {
                    brokerAddress = m.group(1);
                } else if (brokerAddress != null && line.contains("admin/health:")) {
                    // Announced once both lines are in the output, so adminUrl() works as soon as start returns.
                    announced.complete(brokerAddress);
                }
            }
        } catch (IOException e) {
            announced.completeExceptionally(e);
        }
        announced.completeExceptionally(new IllegalStateException("broker exited: " + output));
    }

    /** The protocol address, {@code host:port}. */
    public String address() {
        return address;
    }

    public List<String> output() {
        return output;
    }

    /** The admin endpoint's base URL, {@code http://host:port}, as the broker announced it. */
    public String adminUrl() {
        for (String line : output) {
            int at = line.indexOf("admin/health:");
            if (at >= 0) {
                String url = line.substring(at + "admin/health:".length()).trim();
                return url.substring(0, url.length() - "/health".length());
            }
        }
        throw new IllegalStateException("broker did not announce its admin endpoint: " + output);
    }

    /** Sends a signal to the broker's JVM ({@code "STOP"}, {@code "CONT"}, ...). */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal the broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
