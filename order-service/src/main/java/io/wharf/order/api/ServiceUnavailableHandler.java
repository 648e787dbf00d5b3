package io.wharf.order.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.wharf.order.app.ServiceUnavailableException;
import jakarta.inject.Singleton;

/** 503 with a problem body, and {@code Retry-After}: nothing was kept, try again later. */
@Produces
@Singleton
public class ServiceUnavailableHandler implements ExceptionHandler<ServiceUnavailableException, HttpResponse<?>> {
    private final ErrorResponseProcessor<?> errors;

    public ServiceUnavailableHandler(ErrorResponseProcessor<?> errors) {
        this.errors = errors;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<?> handle(HttpRequest request, ServiceUnavailableException e) {
        return errors.processResponse(ErrorContext.builder(request).cause(e).errorMessage(e.getMessage()).build(),
            HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5"));
    }
}
