package io.wharf.service.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Validation failures as a 400 problem with one error per violation, each naming its field ({@code userId},
 * {@code items[0].qty}, {@code limit}) apart from its message (Micronaut's own handler merges the two).
 */
@Produces
@Singleton
@Replaces(ConstraintExceptionHandler.class)
public class ConstraintViolationHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {
    private final ErrorResponseProcessor<?> errors;

    public ConstraintViolationHandler(ErrorResponseProcessor<?> errors) {
        this.errors = errors;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException e) {
        List<Error> list = e.getConstraintViolations().stream()
            .sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
            .map(ConstraintViolationHandler::error).toList();
        return errors.processResponse(ErrorContext.builder(request).cause(e).errors(list).build(),
            HttpResponse.badRequest());
    }

    private static Error error(ConstraintViolation<?> v) {
        String field = ProblemBodyProvider.field(v.getPropertyPath().toString());
        return new Error() {
            @Override
            public Optional<String> getPath() {
                return Optional.of(field);
            }

            @Override
            public String getMessage() {
                return v.getMessage();
            }
        };
    }
}
