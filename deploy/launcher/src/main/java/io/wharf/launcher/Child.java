package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process of the stack (a broker node or a service), logging to its own file. On Linux it is started under
 * {@code setpriv --pdeathsig TERM}, so the kernel stops it when the launcher dies, even by SIGKILL: a killed
 * launcher leaves no orphans behind.
 */
final class Child {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final String health;
    private volatile Process process;

    private Child(String name, List<String> command, Map<String, String> environment, Process process, Path log,
                  String health) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.process = process;
        this.log = log;
        this.health = health;
    }

    /**
     * Starts a process.
     *
     * @param environment added to the launcher's environment (secrets travel here, not on the command line)
     * @param health the URL that answers 2xx once it serves, or {@code null} for none
     */
    static Child start(String name, List<String> command, Map<String, String> environment, Path log, String health)
        throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            cmd.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        }
        cmd.addAll(command);
        Map<String, String> env = Map.copyOf(environment);
        return new Child(name, cmd, env, spawn(cmd, env, log), log, health);
    }

    private static Process spawn(List<String> cmd, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        return b.start();
    }

    /** Starts it again with the same command (after {@link #kill()}); call from the launcher's main thread. */
    void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        process = spawn(command, environment, log);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** The URL that answers 2xx once it serves ({@code null}: none). */
    String health() {
        return health;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, without a graceful shutdown, and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP ({@code pause}) or SIGCONT ({@code resume}): the process freezes with its sockets open. */
    void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " exited with " + rc);
        }
    }

    /** SIGTERM (each process shuts down gracefully), then SIGKILL after 30 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
