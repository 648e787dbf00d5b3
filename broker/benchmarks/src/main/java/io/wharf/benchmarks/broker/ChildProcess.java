package io.wharf.benchmarks.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker JVM the tool started. Its standard output and error go to a log file and are kept in memory (the
 * first {@value #KEPT_LINES} lines) so the tool can wait for the lines in which the broker announces its
 * addresses. {@link #close()} asks it to stop (SIGTERM), then kills it; a shutdown hook does the same if the
 * tool itself is stopped.
 */
public final class ChildProcess implements AutoCloseable {
    private static final int KEPT_LINES = 2000;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread hook;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.hook = new Thread(process::destroyForcibly, name + "-kill");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code command}; its output goes to {@code log}. */
    public static ChildProcess start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ChildProcess child = new ChildProcess(name, p);
        Thread drain = new Thread(() -> child.drain(log), name + "-output");
        drain.setDaemon(true);
        drain.start();
        return child;
    }

    private void drain(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                 StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                synchronized (lines) {
                    if (lines.size() < KEPT_LINES) {
                        lines.add(line);
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The stream closes when the child dies; whoever waits sees that it is not alive.
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /**
     * Waits for the first output line matching {@code pattern} and returns its first group.
     *
     * @throws IllegalStateException when the child exits or {@code timeout} passes first (with its output)
     */
    public String await(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!process.isAlive() || leftMs <= 0) {
                    throw new IllegalStateException(name + (process.isAlive() ? " printed no line matching "
                        + pattern + " within " + timeout.toSeconds() + " s" : " exited with " + process.exitValue())
                        + "; its output:\n  " + String.join("\n  ", tail(40)));
                }
                lines.wait(Math.min(leftMs, 200));
            }
        }
    }

    private List<String> tail(int n) {
        return new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, up to 20 s for a clean stop, then SIGKILL. */
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
            // The JVM is shutting down already; the hook kills the (dead) process again, harmlessly.
        }
    }
}
