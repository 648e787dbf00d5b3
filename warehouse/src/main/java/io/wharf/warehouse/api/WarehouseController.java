package io.wharf.warehouse.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.warehouse.app.Reconciler;
import io.wharf.warehouse.app.Reports;
import io.wharf.warehouse.persistence.WarehouseOrder;
import io.wharf.warehouse.persistence.WarehouseRepository;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The warehouse copy: one order, the daily report, and the reconciliation with the order database. */
@Controller("/warehouse")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "warehouse")
public class WarehouseController {
    private final WarehouseRepository rows;
    private final Reports reports;
    private final Reconciler reconciler;

    public WarehouseController(WarehouseRepository rows, Reports reports, Reconciler reconciler) {
        this.rows = rows;
        this.reports = reports;
        this.reconciler = reconciler;
    }

    @Get("/orders/{id}")
    @Operation(summary = "One order as the copy has it", description = "404 when the copy does not have it.")
    public WarehouseOrder order(@PathVariable @Size(max = 64) String id) {
        return rows.findById(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
            "the warehouse has no order " + id));
    }

    @Get("/reports/daily")
    @Operation(summary = "Orders, paid, closed and revenue per day (UTC)")
    public List<Reports.Day> daily() {
        return reports.daily();
    }

    @Get("/status-changes/{orderId}")
    @Operation(summary = "The status changes of an order, as the SQL92-filtered subscriber saw them",
        description = "Only updates of orders reach that subscriber (table = 'orders' AND op = 'u'); the "
            + "inserts and the other tables are filtered out on the broker.")
    public List<Reports.StatusChange> statusChanges(@PathVariable @Size(max = 64) String orderId) {
        return reports.statusChanges(orderId);
    }

    @Get("/reconcile")
    @Operation(summary = "Compare the copy with the order database",
        description = "Row counts per table and a per-order checksum; lists up to 100 orders that differ.")
    public Reconciler.Report reconcile() {
        return reconciler.reconcile();
    }
}
