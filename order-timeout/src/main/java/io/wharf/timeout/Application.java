package io.wharf.timeout;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts order-timeout: the OrderTimeoutCheck listener and its statistics. */
@OpenAPIDefinition(info = @Info(title = "order-timeout", version = "0.1",
    description = "Closes unpaid orders when their delayed check arrives; see order-timeout/README.md"))
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
