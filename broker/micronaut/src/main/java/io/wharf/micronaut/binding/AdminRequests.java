package io.wharf.micronaut.binding;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.simple.SimpleHttpRequest;

/**
 * Requests to the broker's admin API, built as plain {@link SimpleHttpRequest}s: {@code HttpRequest.GET(...)}
 * takes whichever request factory is on the class path (Netty's when an application also has the Netty HTTP
 * client), and the JDK client this integration uses cannot send a Netty request ("not yet implemented").
 */
final class AdminRequests {
    private AdminRequests() {
    }

    static MutableHttpRequest<Object> get(String path) {
        return new SimpleHttpRequest<>(HttpMethod.GET, path, null);
    }

    static MutableHttpRequest<Object> post(String path, Object body) {
        return withJson(new SimpleHttpRequest<>(HttpMethod.POST, path, body));
    }

    static MutableHttpRequest<Object> put(String path, Object body) {
        return withJson(new SimpleHttpRequest<>(HttpMethod.PUT, path, body));
    }

    private static MutableHttpRequest<Object> withJson(MutableHttpRequest<Object> r) {
        return r.contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
