package io.wharf.launcher;

import java.util.Map;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Stops PostgreSQL and Redis if the launcher dies without stopping them (kill -9): they are not its direct
 * children under {@code setpriv --pdeathsig} (pg_ctl detaches the postmaster; the Redis library spawns its own
 * process), so a small shell process that is, traps the signal and stops them — the postmaster with SIGINT (a fast
 * shutdown), Redis with SIGTERM. A normal stop disarms it first (SIGKILL: its trap does not run).
 */
final class Watchdog {
    private final Child child;

    private Watchdog(Child child) {
        this.child = child;
    }

    static Watchdog start(Layout layout, Path log) throws IOException {
        Path pidFile = layout.data().resolve("postgres").resolve("postmaster.pid");
        String postmaster = Files.exists(pidFile) ? Files.readAllLines(pidFile).getFirst().trim() : "";
        String redis = ProcessHandle.current().descendants()
            .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
            .map(p -> Long.toString(p.pid())).collect(Collectors.joining(" "));
        String script = "trap 'kill -INT " + postmaster + " 2>/dev/null; kill -TERM " + redis
            + " 2>/dev/null; exit 0' TERM; while :; do sleep 1; done";
        return new Watchdog(Child.start("watchdog", List.of("sh", "-c", script), Map.of(), log, null));
    }

    /** Normal shutdown: the launcher stops the servers itself. */
    void disarm() {
        child.kill();
    }
}
