package io.wharf.binlog;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code binlog.*} (application.yml lists every key with its default). */
@ConfigurationProperties("binlog")
public class BinlogConfiguration {
    /** How a change's queue is chosen. */
    public enum QueueSelection {
        /** The order id's hash modulo the queue count: every change of an order in one queue, in commit order. */
        BY_ORDER,
        /** WRONG, for the seed's failure only: each change to the next queue, so an order's changes are split. */
        ROUND_ROBIN
    }

    @NotBlank
    private String slotName = "wharf_binlog";
    @NotBlank
    private String publicationName = "wharf_binlog";
    @NotNull
    private List<String> tables = List.of("public.orders", "public.order_items", "public.payments");
    @NotNull
    private Path dataDir = Path.of(".wharf", "binlog-sync");
    @NotNull
    private QueueSelection queueSelection = QueueSelection.BY_ORDER;
    @NotBlank
    private String snapshotMode = "initial";
    @NotNull
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    @NotNull
    private Duration offsetFlushInterval = Duration.ofSeconds(1);
    @NotNull
    private Duration restartDelay = Duration.ofSeconds(2);

    /** The replication slot (default wharf_binlog); it holds WAL until binlog-sync confirmed it. */
    public String getSlotName() {
        return slotName;
    }

    public void setSlotName(String slotName) {
        this.slotName = slotName;
    }

    /** The publication pgoutput reads (created for {@link #getTables()} when missing). */
    public String getPublicationName() {
        return publicationName;
    }

    public void setPublicationName(String publicationName) {
        this.publicationName = publicationName;
    }

    /** The captured tables (schema-qualified). */
    public List<String> getTables() {
        return tables;
    }

    public void setTables(List<String> tables) {
        this.tables = tables;
    }

    /** Where Debezium's offsets are kept (a file that survives kill -9), default {@code .wharf/binlog-sync}. */
    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** BY_ORDER (default) or ROUND_ROBIN (the seed's wrong configuration, for the demo). */
    public QueueSelection getQueueSelection() {
        return queueSelection;
    }

    public void setQueueSelection(QueueSelection queueSelection) {
        this.queueSelection = queueSelection;
    }

    /** Debezium's snapshot.mode (default initial: the current rows first, then the stream). */
    public String getSnapshotMode() {
        return snapshotMode;
    }

    public void setSnapshotMode(String snapshotMode) {
        this.snapshotMode = snapshotMode;
    }

    /** Debezium heartbeats, so an idle slot still confirms WAL and does not pin it (default 10 s). */
    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    /** How often processed (acknowledged) offsets are written to the offsets file (default 1 s). */
    public Duration getOffsetFlushInterval() {
        return offsetFlushInterval;
    }

    public void setOffsetFlushInterval(Duration offsetFlushInterval) {
        this.offsetFlushInterval = offsetFlushInterval;
    }

    /** Pause before the engine is started again after it stopped with an error (default 2 s). */
    public Duration getRestartDelay() {
        return restartDelay;
    }

    public void setRestartDelay(Duration restartDelay) {
        this.restartDelay = restartDelay;
    }
}
