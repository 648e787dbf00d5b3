package io.wharf.coupon.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.wharf.micronaut.deadletter.DeadLetterAdminException;
import jakarta.inject.Singleton;

/** The broker's refusal passed on (400, 404), or 503 with Retry-After when no admin URL answered. */
@Produces
@Singleton
public class DeadLetterAdminExceptionHandler implements ExceptionHandler<DeadLetterAdminException, HttpResponse<?>> {
    private final ErrorResponseProcessor<?> errors;

    public DeadLetterAdminExceptionHandler(ErrorResponseProcessor<?> errors) {
        this.errors = errors;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<?> handle(HttpRequest request, DeadLetterAdminException e) {
        MutableHttpResponse<?> status = e.status() == 0
            ? HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
            : HttpResponse.status(HttpStatus.valueOf(e.status()));
        return errors.processResponse(ErrorContext.builder(request).cause(e).errorMessage(e.getMessage()).build(),
            status);
    }
}
