package io.wharf.order.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.order.ops.SpoolMonitor;
import io.wharf.order.ops.SpoolStatus;

/** {@code GET /admin/spool}: messages waiting for the broker group. */
@Controller("/admin/spool")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
public class SpoolController {
    private final SpoolMonitor monitor;

    public SpoolController(SpoolMonitor monitor) {
        this.monitor = monitor;
    }

    @Get
    @Operation(summary = "Spooled messages: how many, and the oldest one's age")
    public SpoolStatus spool() {
        return monitor.refresh();
    }
}
