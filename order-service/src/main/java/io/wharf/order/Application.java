package io.wharf.order;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts order-service: the HTTP API, the transaction checker, the spool relay and the compensators. */
@OpenAPIDefinition(info = @Info(title = "order-service", version = "0.1",
    description = "Orders announced with transactional messages; see order-service/README.md"))
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
