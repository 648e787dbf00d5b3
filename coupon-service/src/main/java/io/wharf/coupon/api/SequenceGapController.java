package io.wharf.coupon.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.micronaut.sequence.SequenceAuditor;
import io.wharf.micronaut.sequence.SequenceReport;
import java.util.Optional;

/** The loss check's report (docs/sequence-gaps.md explains how to read it). */
@Controller("/admin/sequence-gaps")
@Tag(name = "operations")
public class SequenceGapController {
    private final Optional<SequenceAuditor> auditor;

    public SequenceGapController(Optional<SequenceAuditor> auditor) {
        this.auditor = auditor;
    }

    @Get
    @Operation(summary = "Numbers missing from the producers' OrderPaid streams for longer than the window",
        description = "An empty gaps list is healthy. 404 when wharf.sequence.audit.topic is not set.")
    public SequenceReport gaps() {
        return auditor.map(SequenceAuditor::report).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
            "the sequence audit is off (wharf.sequence.audit.topic is not set)"));
    }
}
