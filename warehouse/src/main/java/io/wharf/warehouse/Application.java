package io.wharf.warehouse;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts the warehouse: the order-binlog listeners, reports and the reconciliation with the order database. */
@OpenAPIDefinition(info = @Info(title = "warehouse", version = "0.1",
    description = "The order database's copy kept from its change log; see warehouse/README.md"))
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
