package io.wharf.timeout.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.timeout.app.TimeoutStats;

/** What the checks did and how late the broker delivered them. */
@Controller("/timeouts/stats")
@Tag(name = "timeouts")
public class TimeoutStatsController {
    private final TimeoutStats stats;

    public TimeoutStatsController(TimeoutStats stats) {
        this.stats = stats;
    }

    @Get
    @Operation(summary = "Checks by outcome and their lateness against dueAt (a cumulative histogram)")
    public TimeoutStats.Snapshot stats() {
        return stats.snapshot();
    }
}
