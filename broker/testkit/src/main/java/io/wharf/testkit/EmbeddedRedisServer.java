package io.wharf.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/** A real Redis 6.2 server (the embedded-redis binaries) on a fixed port, which a test can stop and start. */
public final class EmbeddedRedisServer implements AutoCloseable {
    private final int port;
    private RedisServer server;

    private EmbeddedRedisServer(int port) {
        this.port = port;
    }

    /** Starts a server on a free port. */
    public static EmbeddedRedisServer start() {
        EmbeddedRedisServer s = new EmbeddedRedisServer(Ports.free());
        s.restart();
        return s;
    }

    /** Starts a server on {@code port} (the local stack's fixed port). */
    public static EmbeddedRedisServer start(int port) {
        EmbeddedRedisServer s = new EmbeddedRedisServer(port);
        s.restart();
        return s;
    }

    /** Starts it (again) on the same port. */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("Redis is running on port " + port);
        }
        try {
            server = new RedisServer(port);
            server.start();
        } catch (IOException e) {
            server = null;
            throw new UncheckedIOException("Redis did not start on port " + port, e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("Redis did not stop", e);
            } finally {
                server = null;
            }
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
