package io.wharf.order.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.wharf.order.domain.OrderAlreadyPaidException;
import io.wharf.order.domain.OrderClosedException;
import io.wharf.order.domain.OrderException;
import io.wharf.order.domain.OrderNotFoundException;
import io.wharf.order.domain.PaymentAmountMismatchException;
import io.wharf.order.domain.PaymentConflictException;
import jakarta.inject.Singleton;

/** Commands an order refuses, as problems: 404 unknown, 409 closed / paid / payment conflict, 422 wrong amount. */
@Produces
@Singleton
public class OrderExceptionHandler implements ExceptionHandler<OrderException, HttpResponse<?>> {
    private final ErrorResponseProcessor<?> errors;

    public OrderExceptionHandler(ErrorResponseProcessor<?> errors) {
        this.errors = errors;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<?> handle(HttpRequest request, OrderException e) {
        return errors.processResponse(ErrorContext.builder(request).cause(e).errorMessage(e.getMessage()).build(),
            HttpResponse.status(status(e)));
    }

    static HttpStatus status(OrderException e) {
        return switch (e) {
            case OrderNotFoundException ignored -> HttpStatus.NOT_FOUND;
            case PaymentAmountMismatchException ignored -> HttpStatus.UNPROCESSABLE_ENTITY;
            case OrderClosedException ignored -> HttpStatus.CONFLICT;
            case OrderAlreadyPaidException ignored -> HttpStatus.CONFLICT;
            case PaymentConflictException ignored -> HttpStatus.CONFLICT;
            default -> HttpStatus.BAD_REQUEST;
        };
    }
}
