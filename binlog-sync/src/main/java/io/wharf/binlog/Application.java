package io.wharf.binlog;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** Starts binlog-sync: the Debezium engine on the order database and the publisher of its changes. */
@OpenAPIDefinition(info = @Info(title = "binlog-sync", version = "0.1",
    description = "The order database's change log, per order in commit order; see binlog-sync/README.md"))
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
