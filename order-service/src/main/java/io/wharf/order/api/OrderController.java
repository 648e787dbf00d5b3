package io.wharf.order.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.contracts.order.OrderLine;
import io.wharf.order.app.CloseOrderService;
import io.wharf.order.app.OrderPage;
import io.wharf.order.app.OrderQueries;
import io.wharf.order.app.OrderView;
import io.wharf.order.app.PaymentService;
import io.wharf.order.app.PlaceOrderService;
import io.wharf.order.app.Placement;
import io.wharf.order.domain.OrderNotFoundException;
import io.wharf.order.domain.OrderStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The order API; JDBC work runs on the blocking executor, off the event loop. */
@Controller("/orders")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "orders")
public class OrderController {
    private final PlaceOrderService placing;
    private final PaymentService payments;
    private final CloseOrderService closing;
    private final OrderQueries queries;

    public OrderController(PlaceOrderService placing, PaymentService payments, CloseOrderService closing,
                           OrderQueries queries) {
        this.placing = placing;
        this.payments = payments;
        this.closing = closing;
        this.queries = queries;
    }

    @Post
    @Operation(summary = "Place an order",
        description = "201 placed; 200 an Idempotency-Key seen before (the same order); 202 accepted while the "
            + "database is down (status ACCEPTED, written later); 503 neither the database nor Redis answered.")
    public HttpResponse<OrderView> place(@Body @Valid PlaceOrderRequest request,
                                         @Header("Idempotency-Key") @Nullable @Size(max = 200) String key) {
        List<OrderLine> lines = request.items().stream().map(LineRequest::toLine).toList();
        Placement p = placing.place(request.userId(), lines, key);
        HttpStatus status = switch (p.outcome()) {
            case CREATED -> HttpStatus.CREATED;
            case REPEATED -> HttpStatus.OK;
            case ACCEPTED -> HttpStatus.ACCEPTED;
        };
        return HttpResponse.<OrderView>status(status).body(p.order());
    }

    @Get("/{id}")
    @Operation(summary = "One order")
    public OrderView get(@PathVariable @Size(max = 64) String id) {
        return queries.find(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    @Get
    @Operation(summary = "Orders by id, filtered by user and status; pass nextCursor as cursor for the next page")
    public OrderPage list(@QueryValue @Nullable @Size(max = 64) String userId,
                          @QueryValue @Nullable OrderStatus status,
                          @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
                          @QueryValue @Nullable @Size(max = 64) String cursor) {
        return queries.page(userId, status, cursor, limit);
    }

    @Post("/{id}/payment")
    @Operation(summary = "Payment callback",
        description = "Idempotent by paymentId. 422 amount is not the total; 409 order closed (recorded for a "
            + "refund) or paid by another payment; 404 unknown order.")
    public OrderView pay(@PathVariable @Size(max = 64) String id, @Body @Valid PaymentRequest request) {
        return payments.pay(id, request.paymentId(), request.amount());
    }

    @Post("/{id}/close")
    @Operation(summary = "Close an unpaid order", description = "Idempotent; 409 when the order is paid.")
    public OrderView close(@PathVariable @Size(max = 64) String id, @Body @Valid CloseRequest request) {
        return closing.close(id, request.reason());
    }
}
