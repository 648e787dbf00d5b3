package io.wharf.micronaut.binding;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.simple.SimpleHttpRequest;

/**
 * Requests to the broker's admin API, built as plain {@link SimpleHttpRequest}s: {@code HttpRequest.GET(...)}
 * takes whichever request factory is on the class path (Netty's when an application also has the Netty HTTP
 * client), and the JDK client this integration uses cannot send a Netty request ("not yet implemented"). Each
 * carries {@code wharf.admin-token} as a bearer token when one is configured (a broker with admin tokens refuses
 * calls without one).
 */
final class AdminRequests {
    private AdminRequests() {
    }

    static MutableHttpRequest<Object> get(String path, String token) {
        return authorized(new SimpleHttpRequest<>(HttpMethod.GET, path, null), token);
    }

    static MutableHttpRequest<Object> post(String path, Object body, String token) {
        return withJson(new SimpleHttpRequest<>(HttpMethod.POST, path, body), token);
    }

    static MutableHttpRequest<Object> put(String path, Object body, String token) {
        return withJson(new SimpleHttpRequest<>(HttpMethod.PUT, path, body), token);
    }

    private static MutableHttpRequest<Object> withJson(MutableHttpRequest<Object> r, String token) {
        return authorized(r.contentType(MediaType.APPLICATION_JSON_TYPE), token);
    }

    private static MutableHttpRequest<Object> authorized(MutableHttpRequest<Object> r, String token) {
        return token == null || token.isBlank() ? r : r.bearerAuth(token);
    }
}
