package io.wharf.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HarnessesTest {
    @TempDir
    Path tmp;

    @Test
    void postgresKeepsItsDataAcrossAStopAndARestartOnTheSamePortWithLogicalWal() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(tmp.resolve("pg"))) {
            pg.createDatabases(List.of("orders"));
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("orders"), "postgres", "postgres");
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id int primary key)");
                s.execute("INSERT INTO t VALUES (42)");
                try (ResultSet r = s.executeQuery("SHOW wal_level")) {
                    r.next();
                    assertThat(r.getString(1)).isEqualTo("logical");
                }
            }
            pg.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("orders"), "postgres", "postgres"))
                .isInstanceOf(SQLException.class);
            pg.restart();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("orders"), "postgres", "postgres");
                 Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM t")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void redisAnswersStopsAndComesBackOnItsPort() throws Exception {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            assertThat(ping(redis.port())).isEqualTo("+PONG");
            redis.stop();
            assertThatThrownBy(() -> ping(redis.port())).isInstanceOf(java.io.IOException.class);
            redis.restart();
            assertThat(ping(redis.port())).isEqualTo("+PONG");
        }
    }

    private static String ping(int port) throws java.io.IOException {
        try (Socket s = new Socket("127.0.0.1", port);
             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII);
             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                 StandardCharsets.US_ASCII))) {
            out.print("PING\r\n");
            out.flush();
            return in.readLine();
        }
    }
}
