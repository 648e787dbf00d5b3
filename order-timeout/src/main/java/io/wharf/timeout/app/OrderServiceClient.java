package io.wharf.timeout.app;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The part of order-service's API that order-timeout uses ({@code micronaut.http.services.order-service.url}).
 * A 4xx or 5xx answer is thrown as {@code HttpClientResponseException}, no answer as {@code HttpClientException}.
 */
@Client(id = "order-service")
public interface OrderServiceClient {
    @Get("/orders/{id}")
    OrderState get(@PathVariable String id);

    @Post("/orders/{id}/close")
    OrderState close(@PathVariable String id, @Body CloseCommand command);

    /**
     * The fields of an order that matter here.
     *
     * @param orderId the order id
     * @param status  PENDING_PAYMENT, ACCEPTED (parked, not yet written), PAID or CLOSED
     */
    @Serdeable
    record OrderState(String orderId, String status) {
        boolean unpaid() {
            return "PENDING_PAYMENT".equals(status) || "ACCEPTED".equals(status);
        }
    }

    /**
     * The close command.
     *
     * @param reason recorded on the order
     */
    @Serdeable
    record CloseCommand(String reason) {
    }
}
