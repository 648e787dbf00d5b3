package io.wharf.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real PostgreSQL 17 server (zonky's binaries) on a fixed port and data directory, with logical WAL for
 * Debezium, that a test can stop and start again on the same data: a database that goes away and comes back.
 * {@link #close()} stops it; a test that dies leaves the server running, so harnesses must close it in a
 * {@code finally} or {@code @AfterAll}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;

    private EmbeddedPostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a server on a free port with a new data directory under {@code dataDir}. */
    public static EmbeddedPostgresServer start(Path dataDir) {
        if (java.nio.file.Files.exists(dataDir.resolve("postgresql.conf"))) {
            throw new IllegalArgumentException(dataDir + " already holds a database; start() wants a new one");
        }
        EmbeddedPostgresServer s = new EmbeddedPostgresServer(dataDir, Ports.free());
        s.startAgain();
        return s;
    }

    /**
     * Starts a server on {@code port} with the data in {@code dataDir}, new or kept from an earlier run (the local
     * stack); a postmaster left running by a launcher that was killed is stopped first.
     */
    public static EmbeddedPostgresServer open(Path dataDir, int port) {
        EmbeddedPostgresServer s = new EmbeddedPostgresServer(dataDir, port);
        s.killIfStillRunning();
        s.startAgain();
        return s;
    }

    /** Starts it (again) on the same data directory and port. */
    public void restart() {
        startAgain();
    }

    /** Starts postgres; the data directory is never cleaned (zonky's clean-up would delete it on close). */
    private synchronized void startAgain() {
        if (pg != null) {
            throw new IllegalStateException("PostgreSQL is running on port " + port);
        }
        try {
            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("wal_level", "logical").setServerConfig("max_replication_slots", "8")
                .setServerConfig("max_wal_senders", "8")
                // zonky waits 10 s by default; a loaded 2-core machine running several service JVMs needs longer.
                .setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    /** Stops the server; {@link #restart()} brings it back with its data. */
    public synchronized void stop() {
        if (pg != null) {
            // The server's processes as they are now: a backend (a replication sender) can outlive its postmaster
            // and hold the shared memory, so that the next start refuses to run.
            java.util.List<ProcessHandle> processes = serverProcesses();
            try {
                pg.close();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not stop", e);
            } finally {
                pg = null;
            }
            killIfStillRunning();
            processes.forEach(h -> {
                h.destroyForcibly();
                h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            });
        }
    }

    private java.util.List<ProcessHandle> serverProcesses() {
        try {
            java.nio.file.Path pidFile = dataDir.resolve("postmaster.pid");
            long pid = Long.parseLong(java.nio.file.Files.readAllLines(pidFile).getFirst().trim());
            return ProcessHandle.of(pid).map(h -> java.util.stream.Stream.concat(java.util.stream.Stream.of(h),
                h.descendants()).toList()).orElse(java.util.List.of());
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    /**
     * A fast shutdown can wait on a logical-replication sender whose client has not confirmed the last WAL (the
     * checkpointer waits for every sender), and zonky gives up after a few seconds and leaves the postmaster
     * running. Then it is killed, as a crash would: the next start recovers from the WAL.
     */
    private void killIfStillRunning() {
        java.nio.file.Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!java.nio.file.Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(java.nio.file.Files.readAllLines(pidFile).getFirst().trim());
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            });
            // Its children notice the postmaster's death and exit; wait for the port to be free.
            Await.until(java.time.Duration.ofSeconds(30), () -> portFree(), () -> "port " + port + " still in use");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL on port " + port + " did not stop", e);
        }
    }

    private boolean portFree() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} (user and password {@code postgres}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates those of the databases that do not exist yet (as user postgres). */
    public void createMissingDatabases(List<String> names) {
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
             Statement s = c.createStatement()) {
            for (String n : names) {
                try (java.sql.ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + n + "'")) {
                    if (rs.next()) {
                        continue;
                    }
                }
                s.execute("CREATE DATABASE " + n);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases " + names, e);
        }
    }

    /** Creates the databases (as user postgres); existing ones are an error. */
    public void createDatabases(List<String> names) {
        try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
             Statement s = c.createStatement()) {
            for (String n : names) {
                s.execute("CREATE DATABASE " + n);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases " + names, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
