package io.wharf.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wharf.store.MessageStore;
import io.wharf.store.log.LogPosition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The node's admin HTTP endpoint: {@code GET /health} (JSON, 200 while the store accepts writes, 503 after a
 * fail-stop) and {@code GET /metrics} (Prometheus text). Later issues add the admin API here.
 */
final class AdminHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final MessageStore store;
    private final String nodeId;

    AdminHttpServer(String host, int port, MessageStore store, String nodeId) {
        this.store = store;
        this.nodeId = nodeId;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "wharf-admin-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        server.createContext("/", ex -> respond(ex, 404, "application/problem+json",
            "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such endpoint: " + ex.getRequestURI().getPath()
                .replace("\"", "") + "\"}"));
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void health(HttpExchange ex) throws IOException {
        boolean up = !store.failed();
        String detail = up ? "" : ",\"error\":\"" + store.failStop().failure().getMessage().replace("\"", "'") + "\"";
        respond(ex, up ? 200 : 503, "application/json",
            "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"node\":\"" + nodeId + "\"" + detail + "}");
    }

    private void metrics(HttpExchange ex) throws IOException {
        LogPosition end = store.endPosition();
        StringBuilder b = new StringBuilder();
        gauge(b, "wharf_store_log_end_index", "Index of the last record in the commit log", end.index());
        gauge(b, "wharf_store_log_end_offset_bytes", "Commit-log write offset", end.offset());
        gauge(b, "wharf_store_durable_offset_bytes", "Commit-log offset forced to disk",
            store.durablePosition().offset());
        gauge(b, "wharf_store_commit_watermark", "Highest committed log index", store.commitWatermark());
        gauge(b, "wharf_store_dispatched_index", "Highest log index dispatched to consume queues",
            store.dispatchedPosition().index());
        gauge(b, "wharf_store_failed", "1 after an I/O failure stopped the store", store.failed() ? 1 : 0);
        respond(ex, 200, "text/plain; version=0.0.4", b.toString());
    }

    private static void gauge(StringBuilder b, String name, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" gauge\n")
            .append(name).append(' ').append(value).append('\n');
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
