package io.wharf.store;

import io.wharf.store.file.MappedSegment;
import io.wharf.store.format.RecordLayout;
import io.wharf.store.log.CommitLog;
import io.wharf.store.log.LogPosition;
import io.wharf.store.queue.ConsumeQueue;
import io.wharf.store.queue.QueueKey;
import io.wharf.store.recovery.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's background duties on one thread: periodic checkpoints (derived state forced, then the checkpoint
 * file replaced) and retention (whole commit-log segments deleted by age or disk pressure, with the consume
 * queue, key index and log-index map segments that only pointed into them). An I/O error stops the store.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final MessageStore store;
    private final StoreConfig config;
    private final InstantSource clock;
    private final ScheduledExecutorService executor;

    Housekeeping(MessageStore store, StoreConfig config, InstantSource clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-store-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long checkpointMs = config.checkpointInterval().toMillis();
        long retentionMs = config.retentionCheckInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> guarded("writing a checkpoint", this::checkpoint), checkpointMs,
            checkpointMs, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> guarded("enforcing retention", this::enforceRetention),
            retentionMs, retentionMs, TimeUnit.MILLISECONDS);
    }

    private void guarded(String what, Runnable task) {
        if (store.failed()) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException | InternalError e) {
            store.failStop().fail(what, e);
        }
    }

    /** Forces derived state and records how far everything is durable. */
    synchronized void checkpoint() {
        // Order matters: the dispatched position first, then each queue's end (at or past that position), then
        // the forces, so every entry below a recorded queue end is durable when the checkpoint is written.
        LogPosition dispatched = store.dispatchedPosition();
        Map<QueueKey, Long> queueOffsets = new LinkedHashMap<>();
        for (ConsumeQueue q : store.queues().all()) {
            queueOffsets.put(new QueueKey(q.topic(), q.queueId()), q.maxOffset());
        }
        LogPosition flushed = store.durablePosition();
        long watermark = store.commitWatermark();
        store.queues().forceAll();
        store.keyIndex().force();
        store.log().indexMap().force();
        store.files().checkpointFile().write(new Checkpoint(flushed, dispatched, watermark, clock.millis(),
            queueOffsets));
    }

    /** Deletes expired or space-pressed commit-log segments; returns how many. */
    synchronized int enforceRetention() {
        CommitLog log = store.log();
        List<MappedSegment> segments = log.segments().segments();
        long dispatchedOffset = store.dispatchedPosition().offset();
        int deleted = 0;
        for (int i = 0; i + 1 < segments.size(); i++) {
            MappedSegment segment = segments.get(i);
            if (segment.baseOffset() + segment.size() > dispatchedOffset) {
                break;
            }
            boolean expired = clock.millis() - lastStoreTimestamp(log, segments.get(i + 1))
                > config.retentionAge().toMillis();
            boolean pressed = diskUsageRatio() > config.maxDiskUsageRatio();
            if (!expired && !pressed) {
                break;
            }
            LOG.info("retention: deleting commit-log segment {} ({})", segment,
                expired ? "older than " + config.retentionAge() : "disk usage above " + config.maxDiskUsageRatio());
            log.segments().delete(segment);
            deleted++;
        }
        if (deleted > 0) {
            long start = log.startOffset();
            store.queues().all().forEach(q -> q.deleteBelowCommitLogOffset(start));
            store.keyIndex().deleteBelow(start);
            ByteBuffer first = log.read(start, RecordLayout.HEADER_LENGTH);
            if (first != null && RecordLayout.length(first, 0) > 0) {
                log.indexMap().deleteBelow(RecordLayout.logIndex(first, 0));
            }
        }
        return deleted;
    }

    /** The store time of the last record in the segment before {@code next}: the record before next's first. */
    private static long lastStoreTimestamp(CommitLog log, MappedSegment next) {
        ByteBuffer first = next.buffer();
        if (RecordLayout.length(first, 0) == 0) {
            return Long.MAX_VALUE;
        }
        ByteBuffer last = log.readByIndex(RecordLayout.logIndex(first, 0) - 1);
        return last == null ? Long.MAX_VALUE : RecordLayout.storeTimestamp(last, 0);
    }

    private double diskUsageRatio() {
        try {
            FileStore fs = Files.getFileStore(config.dataDir());
            long total = fs.getTotalSpace();
            return total == 0 ? 0 : (double) (total - fs.getUsableSpace()) / total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read disk usage of " + config.dataDir(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("store housekeeping did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
