package io.wharf.coupon.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.contracts.Groups;
import io.wharf.micronaut.deadletter.DeadLetterAdmin;
import io.wharf.micronaut.deadletter.DeadLetterPage;
import io.wharf.micronaut.deadletter.RedriveResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The dead-letter queue of group {@code coupon-service}, through the broker group's admin API. */
@Controller("/coupons/dead-letters")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dead letters")
public class DeadLetterController {
    private final DeadLetterAdmin admin;

    public DeadLetterController(DeadLetterAdmin admin) {
        this.admin = admin;
    }

    @Get
    @Operation(summary = "Dead OrderPaid deliveries with their failure history",
        description = "Counts (dead, redriven, awaiting) and a page from DLQ offset 'from'. 503 when no broker "
            + "admin URL answers.")
    public DeadLetterPage list(@QueryValue(defaultValue = "0") @Min(0) long from,
                               @QueryValue(defaultValue = "100") @Min(1) @Max(1000) int max) {
        return admin.list(Groups.COUPON_SERVICE, from, max);
    }

    @Post("/redrive")
    @Operation(summary = "Re-drive dead messages",
        description = "Sends them back through the group's retry topic with a fresh budget; each dead message is "
            + "re-driven at most once (repeats are listed under skipped). Coupons stay one per order either way.")
    public RedriveResult redrive(@Body @Valid RedriveRequest request) {
        if ((request.ids() != null) == Boolean.TRUE.equals(request.all())) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "give either ids or all: true");
        }
        return request.ids() != null ? admin.redrive(Groups.COUPON_SERVICE, request.ids())
            : admin.redriveAll(Groups.COUPON_SERVICE);
    }
}
