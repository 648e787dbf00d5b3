package io.wharf.service.testing;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** A service's HTTP API as integration tests call it: status, content type and the body as JSON (or text). */
public final class Http {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final JsonMapper json;

    public Http(String base, JsonMapper json) {
        this.base = base;
        this.json = json;
    }

    /** An answer. */
    public record Reply(int status, String contentType, String text, Object body) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> map() {
            return (Map<String, Object>) body;
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) map().get(field);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) body;
        }
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = r.body();
            Object body = null;
            if (text.startsWith("{") || text.startsWith("[")) {
                body = json.readValue(text, Argument.OBJECT_ARGUMENT);
            }
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), text, body);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
