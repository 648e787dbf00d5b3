package io.wharf.binlog.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wharf.binlog.BinlogConfiguration;
import io.wharf.binlog.engine.SyncStatus;
import io.wharf.binlog.ops.SlotMonitor;
import java.time.Instant;

/** Where the change stream is. */
@Controller("/sync/status")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "sync")
public class SyncStatusController {
    private final SyncStatus status;
    private final SlotMonitor slot;
    private final BinlogConfiguration config;

    public SyncStatusController(SyncStatus status, SlotMonitor slot, BinlogConfiguration config) {
        this.status = status;
        this.slot = slot;
        this.config = config;
    }

    /**
     * The stream's state.
     *
     * @param engineRunning       the Debezium engine runs
     * @param slot                the replication slot (null until it exists or while the database is away)
     * @param queueSelection      BY_ORDER, or the seed's wrong ROUND_ROBIN
     * @param lastPublishedLsn    the LSN of the change being (or last) published
     * @param lastAcknowledgedLsn the LSN of the last change the broker group acknowledged
     * @param changes             changes published since start
     * @param changesPerSecond    over the last window of at least 5 s
     * @param lastError           the last failure, or null
     * @param lastErrorAt         when
     */
    @Serdeable
    public record View(boolean engineRunning, @Nullable SlotMonitor.Slot slot, String queueSelection,
                       long lastPublishedLsn, long lastAcknowledgedLsn, long changes, double changesPerSecond,
                       @Nullable String lastError, @Nullable Instant lastErrorAt) {
    }

    @Get
    @Operation(summary = "Slot and lag, last published and acknowledged LSN, changes/s, last error")
    public View get() {
        return new View(status.running(), slot.read().orElse(null), config.getQueueSelection().name(),
            status.lastPublishedLsn(), status.lastAcknowledgedLsn(), status.changes(), status.changesPerSecond(),
            status.lastError(), status.lastErrorAt());
    }
}
