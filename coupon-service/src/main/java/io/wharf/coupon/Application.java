package io.wharf.coupon;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts coupon-service: the OrderPaid listener, the coupon and dead-letter API, the optional re-driver. */
@OpenAPIDefinition(info = @Info(title = "coupon-service", version = "0.1",
    description = "Exactly one coupon per paid order; see coupon-service/README.md"))
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
