package io.wharf.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Commands on the launcher's standard input, one per line, when it runs with {@code -Dwharf.control=stdin} (the
 * end-to-end tests drive their faults this way). They run one at a time on the launcher's main thread — the
 * thread that started the children, so a restarted child keeps its {@code --pdeathsig} parent — and each answers
 * one line, {@code control: ok <command> [result]} or {@code control: failed <command>: <reason>}.
 *
 * <pre>
 * pids                      name=pid of every process, PostgreSQL and Redis included
 * leader                    the broker node that leads now (broker-n2)
 * kill|stop &lt;process&gt;       SIGKILL | SIGTERM, and wait until it is gone
 * pause|resume &lt;process&gt;    SIGSTOP | SIGCONT
 * start &lt;process&gt;           start it again and wait until it is healthy
 * db-off|db-on &lt;database&gt;   refuse every connection to orders, coupons or warehouse | allow them again
 * </pre>
 */
final class Control {
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

    private Control() {
    }

    /**
     * Reads commands from standard input on a daemon thread. The end of the input means the controlling process
     * is gone (a test JVM that died): the launcher then exits, and its shutdown hook stops the whole stack.
     */
    static Control fromStandardInput() {
        Control control = new Control();
        Thread.ofPlatform().daemon().name("wharf-control").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        control.commands.add(line.trim());
                    }
                }
            } catch (IOException e) {
                System.err.println("control: standard input failed: " + e);
            }
            System.err.println("control: standard input closed; stopping the stack");
            System.exit(0);
        });
        return control;
    }

    /** The next command, or {@code null} after {@code millis} without one. */
    String next(long millis) throws InterruptedException {
        return commands.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Runs one command and prints its answer line. */
    static void execute(String command, Operations ops) {
        String[] w = command.split("\\s+");
        try {
            String result = switch (w[0]) {
                case "pids" -> ops.pids().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
                case "leader" -> ops.leader().name();
                case "kill" -> {
                    ops.child(arg(w)).kill();
                    yield "";
                }
                case "stop" -> {
                    ops.child(arg(w)).stop();
                    yield "";
                }
                case "pause" -> {
                    ops.child(arg(w)).signal("STOP");
                    yield "";
                }
                case "resume" -> {
                    ops.child(arg(w)).signal("CONT");
                    yield "";
                }
                case "start" -> {
                    ops.restart(ops.child(arg(w)));
                    yield "";
                }
                case "db-off", "db-on" -> {
                    ops.database(arg(w), "db-on".equals(w[0]));
                    yield "";
                }
                default -> throw new IllegalArgumentException("unknown command; see Control's Javadoc");
            };
            System.out.println("control: ok " + command + (result.isEmpty() ? "" : " " + result));
        } catch (Exception e) {
            System.out.println("control: failed " + command + ": " + e.getMessage());
        }
        System.out.flush();
    }

    private static String arg(String[] words) {
        if (words.length != 2) {
            throw new IllegalArgumentException("expected one argument");
        }
        return words[1];
    }
}
