package io.wharf.service.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes every JSON error body of the service (Micronaut's own: validation, conversion, malformed JSON, unknown
 * route; and each service's own exception handlers, which go through the ErrorResponseProcessor) a {@link Problem}.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
public class ProblemBodyProvider implements JsonErrorResponseBodyProvider<Problem> {
    @Override
    public Problem body(ErrorContext context, HttpResponse<?> response) {
        List<Problem.FieldError> errors = context.getErrors().stream().map(ProblemBodyProvider::fieldError).toList();
        String detail = errors.isEmpty() ? response.reason() : errors.stream()
            .map(e -> e.field() == null ? e.message() : e.field() + ": " + e.message())
            .collect(Collectors.joining("; "));
        return new Problem("about:blank", response.getStatus().getReason(), response.code(), detail, errors);
    }

    @Override
    public String contentType() {
        return Problem.CONTENT_TYPE;
    }

    private static Problem.FieldError fieldError(Error e) {
        return new Problem.FieldError(e.getPath().map(p -> p.startsWith("/") ? p.substring(1) : p).orElse(null),
            e.getMessage());
    }

    /**
     * The field of a validation path: {@code place.request.items[0].qty} (method, parameter, property) becomes
     * {@code items[0].qty}, {@code list.limit} becomes {@code limit}.
     */
    public static String field(String path) {
        String[] parts = path.split("\\.", 3);
        if (parts.length == 3 && "request".equals(parts[1])) {
            return parts[2];
        }
        return parts.length >= 2 ? path.substring(parts[0].length() + 1) : path;
    }
}
