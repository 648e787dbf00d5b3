package io.wharf.server;

import javax.net.ssl.SSLContext;
import io.wharf.server.common.BrokerException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wharf.protocol.Status;
import io.wharf.server.auth.AdminTokens;
import io.wharf.server.util.JsonFile;
import io.wharf.store.MessageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's admin HTTP endpoint (JSON; errors as RFC 9457 problem documents):
 * {@code GET /health}, {@code GET /metrics} (Prometheus), {@code GET /openapi.yaml}, and under {@code /admin}:
 * topics, messages by key or id, groups, lag and offset resets. See {@code docs/admin-api.md}.
 */
final class AdminHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHttpServer.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AdminApi api;
    private final String nodeId;

    private final AdminTokens tokens;
    private final String scheme;

    AdminHttpServer(String host, int port, AdminApi api, String nodeId, AdminTokens tokens,
                    SSLContext tls) {
        this.api = api;
        this.tokens = tokens;
        this.nodeId = nodeId;
        this.scheme = tls == null ? "http" : "https";
        try {
            if (tls == null) {
                this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress(host, port), 64);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                this.server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "wharf-admin-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::route);
        server.start();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http} or {@code https}. */
    String scheme() {
        return scheme;
    }

    private void route(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            Integer refused = tokens.refusal(tokens.roleOf(ex.getRequestHeaders().getFirst("Authorization")),
                ex.getRequestMethod(), path);
            if (refused != null) {
                api.adminRefused();
                if (refused == 401) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"wharf-admin\"");
                }
                LOG.warn("refused admin {} {} from {}: {}", ex.getRequestMethod(), path, ex.getRemoteAddress(),
                    refused == 401 ? "no valid token" : "the read-only token cannot do this");
                problem(ex, refused, refused == 401 ? "this admin API requires a bearer token (admin.token.read "
                    + "or admin.token.admin)" : "a read-only token may only read (and not the accounts)");
                return;
            }
            dispatch(ex, ex.getRequestMethod(), path, query(ex));
        } catch (AdminException e) {
            problem(ex, e.status(), e.getMessage());
        } catch (BrokerException e) {
            problem(ex, e.status() == Status.NOT_LEADER ? 421 : e.status().code() >= 400 ? e.status().code() : 500,
                e.getMessage());
        } catch (JsonProcessingException e) {
            problem(ex, 400, "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            LOG.error("admin request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            problem(ex, 500, e.toString());
        }
    }

    private void dispatch(HttpExchange ex, String method, String path, Map<String, String> q) throws IOException {
        String[] p = path.split("/");
        if ("GET".equals(method) && "/health".equals(path)) {
            health(ex);
        } else if ("GET".equals(method) && "/metrics".equals(path)) {
            respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", api.metrics());
        } else if ("GET".equals(method) && "/openapi.yaml".equals(path)) {
            respond(ex, 200, "application/yaml", openApi());
        } else if ("/admin/cluster".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.cluster());
        } else if (path.startsWith("/admin/") && !"GET".equals(method) && !api.leads()) {
            throw new BrokerException(Status.NOT_LEADER, api.notLeaderMessage()
                + "; send admin changes to the leader's admin endpoint");
        } else if ("/admin/cluster/members".equals(path) && "POST".equals(method)) {
            JsonNode body = body(ex);
            json(ex, 200, api.addMember(text(body, "id"), text(body, "address")));
        } else if (p.length == 5 && "cluster".equals(p[2]) && "members".equals(p[3]) && "DELETE".equals(method)) {
            json(ex, 200, api.removeMember(p[4]));
        } else if (path.startsWith("/admin/accounts")) {
            accounts(ex, method, p);
        } else if ("/admin/topics".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.topics());
        } else if ("/admin/topics".equals(path) && "POST".equals(method)) {
            JsonNode body = body(ex);
            json(ex, 200, api.createTopic(text(body, "name"), number(body, "queues")));
        } else if ("/admin/messages".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.messagesByKey(q.get("topic"), q.get("key"), longParam(q, "begin", 0),
                longParam(q, "end", Long.MAX_VALUE), (int) longParam(q, "max", 32)));
        } else if (p.length == 4 && "messages".equals(p[2]) && "GET".equals(method)) {
            json(ex, 200, api.messageById(p[3]));
        } else if ("/admin/groups".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.groups());
        } else if (p.length == 5 && "groups".equals(p[2]) && "lag".equals(p[4]) && "GET".equals(method)) {
            json(ex, 200, api.lag(p[3], required(q, "topic")));
        } else if (p.length == 5 && "groups".equals(p[2]) && "offsets".equals(p[4]) && "POST".equals(method)) {
            JsonNode body = body(ex);
            json(ex, 200, api.resetOffsets(p[3], text(body, "topic"), longField(body, "timestamp"),
                longField(body, "offset")));
        } else if ("/admin/transactions/discarded".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.discardedTransactions(longParam(q, "from", 0), (int) longParam(q, "max", 32)));
        } else if ("/admin/trace".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.trace(q.get("msgId"), q.get("topic"), q.get("key"), q.get("traceTopic")));
        } else if ("/admin/store".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.storeStatus());
        } else if ("/admin/schedule".equals(path) && "GET".equals(method)) {
            json(ex, 200, api.deadLetters().scheduleStatus());
        } else if (p.length >= 5 && "groups".equals(p[2]) && ("dlq".equals(p[4]) || "retry-policy".equals(p[4]))) {
            deadLetters(ex, method, p, q);
        } else {
            throw new AdminException(404, "no such endpoint: " + method + " " + path);
        }
    }

    private void accounts(HttpExchange ex, String method, String[] p) throws IOException {
        if (p.length == 3 && "GET".equals(method)) {
            json(ex, 200, api.accounts());
        } else if (p.length == 4 && "PUT".equals(method)) {
            json(ex, 200, api.putAccount(p[3], body(ex)));
        } else if (p.length == 4 && "DELETE".equals(method)) {
            json(ex, 200, api.removeAccount(p[3]));
        } else {
            throw new AdminException(404, "no such endpoint: " + method + " " + String.join("/", p));
        }
    }

    private void deadLetters(HttpExchange ex, String method, String[] p, Map<String, String> q) throws IOException {
        DeadLetterAdmin dlq = api.deadLetters();
        String group = p[3];
        if (p.length == 5 && "dlq".equals(p[4]) && "GET".equals(method)) {
            json(ex, 200, dlq.list(group, longParam(q, "from", 0), (int) longParam(q, "max", 32)));
        } else if (p.length == 6 && "redrive".equals(p[5]) && "POST".equals(method)) {
            JsonNode body = body(ex);
            JsonNode ids = body.get("ids");
            if (ids != null && !ids.isArray()) {
                throw new AdminException(400, "field 'ids' must be an array of message ids");
            }
            List<String> list = ids == null ? null : StreamSupport.stream(ids.spliterator(), false)
                .map(JsonNode::asText).toList();
            json(ex, 200, dlq.redrive(group, list, body.path("all").asBoolean(false)));
        } else if (p.length == 6 && "GET".equals(method)) {
            json(ex, 200, dlq.one(group, p[5]));
        } else if (p.length == 5 && "retry-policy".equals(p[4]) && "GET".equals(method)) {
            json(ex, 200, dlq.retryPolicy(group));
        } else if (p.length == 5 && "retry-policy".equals(p[4]) && "PUT".equals(method)) {
            JsonNode body = body(ex);
            json(ex, 200, dlq.setRetryPolicy(group, text(body, "delays"), longField(body, "maxReconsumeTimes")));
        } else {
            throw new AdminException(404, "no such endpoint: " + method + " " + String.join("/", p));
        }
    }

    private void health(HttpExchange ex) throws IOException {
        MessageStore store = api.store();
        Throwable groupFailure = api.replicationFailure();
        boolean up = !store.failed() && groupFailure == null;
        Map<String, String> problems = api.problems();
        Map<String, Object> body = new HashMap<>();
        body.put("status", !up ? "DOWN" : problems.isEmpty() ? "UP" : "DEGRADED");
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        body.put("node", nodeId);
        body.put("leader", api.leads());
        if (store.failed()) {
            body.put("error", store.failStop().failure().getMessage());
        } else if (groupFailure != null) {
            body.put("error", "replication stopped: " + groupFailure);
        }
        json(ex, up && problems.isEmpty() ? 200 : 503, body);
    }

    private static String openApi() throws IOException {
        try (InputStream in = AdminHttpServer.class.getResourceAsStream("/openapi/broker-admin.yaml")) {
            if (in == null) {
                throw new AdminException(404, "OpenAPI document not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static String required(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            throw new AdminException(400, "query parameter '" + name + "' is required");
        }
        return v;
    }

    private static long longParam(Map<String, String> q, String name, long dflt) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new AdminException(400, "query parameter '" + name + "' must be a whole number");
        }
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new AdminException(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode node = JsonFile.MAPPER.readTree(bytes);
        if (node == null || !node.isObject()) {
            throw new AdminException(400, "request body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v != null && !v.isTextual()) {
            throw new AdminException(400, "field '" + field + "' must be a string");
        }
        return v == null ? null : v.asText();
    }

    private static Integer number(JsonNode body, String field) {
        Long v = longField(body, field);
        return v == null ? null : Math.toIntExact(v);
    }

    private static Long longField(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw new AdminException(400, "field '" + field + "' must be a whole number");
        }
        return v.asLong();
    }

    private void json(HttpExchange ex, int status, Object value) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            // In a group, a change is answered only once what it wrote is committed: it survives a failover.
            api.awaitCommitted();
        }
        respond(ex, status, "application/json", JsonFile.MAPPER.writeValueAsString(value));
    }

    private static void problem(HttpExchange ex, int status, String detail) throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put("type", "about:blank");
        p.put("title", switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 421 -> "Misdirected Request";
            case 400 -> "Bad Request";
            default -> status >= 500 ? "Internal Server Error" : "Client Error";
        });
        p.put("status", status);
        p.put("detail", detail);
        respond(ex, status, "application/problem+json", JsonFile.MAPPER.writeValueAsString(p));
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
        executor.shutdownNow();
    }
}
