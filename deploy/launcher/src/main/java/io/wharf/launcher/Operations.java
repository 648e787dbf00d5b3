package io.wharf.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The faults and repairs the demo and the control commands apply to a running stack: find the broker leader, kill,
 * freeze or restart a process (a restart returns once it is healthy again), and take a database away and back.
 */
final class Operations {
    private static final Set<String> DATABASES = Set.copyOf(Layout.DATABASES);
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(120);

    private final Layout layout;
    private final List<Child> children;

    Operations(Layout layout, List<Child> children) {
        this.layout = layout;
        this.children = children;
    }

    /** The process named {@code name} ({@code broker-n1}, {@code coupon-service}, ...). */
    Child child(String name) {
        return children.stream().filter(c -> c.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no process '" + name + "'; there are "
                + children.stream().map(Child::name).toList()));
    }

    /** The broker node that leads now (its admin {@code /health} says {@code "leader": true}). */
    Child leader() {
        for (int i = 1; i <= Layout.NODES; i++) {
            String health = Probe.get("http://127.0.0.1:" + Layout.adminPort(i) + "/health");
            if (health != null && health.replace(" ", "").contains("\"leader\":true")) {
                return child("broker-n" + i);
            }
        }
        throw new IllegalStateException("no broker node leads now");
    }

    /** Starts a stopped process again and waits until its health URL answers 2xx. */
    void restart(Child c) throws IOException {
        c.restart();
        awaitHealthy(c);
    }

    void awaitHealthy(Child c) {
        if (c.health() == null) {
            return;
        }
        Probe.await(c.name() + " healthy (log " + c.log() + ")", HEALTHY_WITHIN, () -> {
            if (!c.alive()) {
                throw new IllegalStateException(c.name() + " exited; see " + c.log());
            }
            return Probe.status(c.health()) / 100 == 2;
        });
    }

    /**
     * Takes a database away ({@code ALTER DATABASE ... ALLOW_CONNECTIONS false} and its sessions terminated: every
     * connection attempt is refused) or gives it back; the other databases of the server keep serving.
     */
    void database(String name, boolean allow) throws SQLException {
        if (!DATABASES.contains(name)) {
            throw new IllegalArgumentException("no database '" + name + "'; there are " + DATABASES);
        }
        try (Connection c = DriverManager.getConnection(layout.jdbcUrl("postgres"), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }
    }

    /** Every process of the stack by name, with PostgreSQL's postmaster and Redis, which are not children. */
    Map<String, Long> pids() throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Child c : children) {
            if (c.alive()) {
                pids.put(c.name(), c.pid());
            }
        }
        Path pidFile = layout.data().resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            pids.put("postgres", Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()));
        }
        ProcessHandle.current().descendants()
            .filter(p -> p.info().command().map(cmd -> cmd.contains("redis-server")).orElse(false))
            .findFirst().ifPresent(p -> pids.put("redis", p.pid()));
        return pids;
    }
}
