package io.wharf.coupon.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.coupon.domain.Coupon;
import io.wharf.coupon.persistence.CouponRepository;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The coupons issued; JDBC work runs on the blocking executor. */
@Controller("/coupons")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "coupons")
public class CouponController {
    private final CouponRepository coupons;

    public CouponController(CouponRepository coupons) {
        this.coupons = coupons;
    }

    @Get("/{id}")
    @Operation(summary = "One coupon", description = "404 when there is none with this id.")
    public Coupon get(@PathVariable @Size(max = 64) String id) {
        return coupons.findById(id).orElseThrow(() -> notFound("no coupon " + id));
    }

    @Get
    @Operation(summary = "A user's coupons, newest first")
    public List<Coupon> byUser(@QueryValue @NotBlank @Size(max = 64) String userId,
                               @QueryValue(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return coupons.findByUser(userId, limit);
    }

    @Get("/by-order/{orderId}")
    @Operation(summary = "The coupon of an order", description = "404 while the order has none.")
    public Coupon byOrder(@PathVariable @Size(max = 64) String orderId) {
        return coupons.findByOrderId(orderId).orElseThrow(() -> notFound("order " + orderId + " has no coupon"));
    }

    private static HttpStatusException notFound(String message) {
        return new HttpStatusException(HttpStatus.NOT_FOUND, message);
    }
}
