package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process of the stack (a broker node or a service), logging to its own file. On Linux it is started under
 * {@code setpriv --pdeathsig TERM}, so the kernel stops it when the launcher dies, even by SIGKILL: a killed
 * launcher leaves no orphans behind.
 */
final class Child {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final String name;
    private final Process process;
    private final Path log;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Child start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            cmd.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "TERM", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new Child(name, p, log);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, without a graceful shutdown. */
    void kill() {
        process.destroyForcibly();
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
