package io.wharf.server.schedule;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.server.util.JsonFile;
import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.ReadStatus;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers delay-level messages. Each level's queue of {@link ScheduledMessages#SCHEDULE_TOPIC} is in due order
 * (same delay, stored in order), so each level keeps one offset: everything below it was delivered. A pass reads
 * each level from its offset, appends the due messages to their real queues, waits until they are stored, then
 * moves the offset. Offsets are persisted in {@code <config>/delay-offsets.json} by {@link #persist()}; after a
 * crash the messages delivered since the last persist are delivered again (never lost).
 */
final class LevelScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(LevelScheduler.class);
    static final int BATCH = 64;
    private static final int BATCH_BYTES = 4 << 20;

    private final MessageStore store;
    private final DelayLevels levels;
    private final InstantSource clock;
    private final JsonFile<Map<Integer, Long>> file;
    private final long[] offsets;
    private volatile boolean dirty;

    LevelScheduler(MessageStore store, DelayLevels levels, InstantSource clock, Path configDir) {
        this.store = store;
        this.levels = levels;
        this.clock = clock;
        this.file = new JsonFile<>(configDir.resolve("delay-offsets.json"), new TypeReference<>() { });
        this.offsets = new long[levels.maxLevel()];
        Map<Integer, Long> saved = file.read();
        if (saved != null) {
            saved.forEach((level, offset) -> {
                if (level >= 1 && level <= offsets.length) {
                    offsets[level - 1] = offset;
                }
            });
        }
    }

    /** Delivers every due message; returns when the next pending one is due, or {@link Long#MAX_VALUE}. */
    long deliverDue() {
        long next = Long.MAX_VALUE;
        for (int level = 1; level <= levels.maxLevel(); level++) {
            next = Math.min(next, deliverLevel(level));
        }
        return next;
    }

    private long deliverLevel(int level) {
        int queueId = level - 1;
        long delayMs = levels.delayMs(level);
        while (true) {
            long from = Math.max(offsets[queueId], store.queueBounds(ScheduledMessages.SCHEDULE_TOPIC, queueId)[0]);
            QueueReadResult read = store.read(ScheduledMessages.SCHEDULE_TOPIC, queueId, from, BATCH, BATCH_BYTES,
                h -> true);
            if (read.status() != ReadStatus.FOUND) {
                return Long.MAX_VALUE;
            }
            long now = clock.millis();
            List<RecordContent> due = new ArrayList<>();
            long deliveredTo = from;
            long nextDue = Long.MAX_VALUE;
            for (DecodedRecord r : read.decoded()) {
                long dueAt = r.storeTimestampMs() + delayMs;
                if (dueAt > now) {
                    nextDue = dueAt;
                    break;
                }
                RecordContent real = ScheduledMessages.delivered(r);
                if (real == null) {
                    LOG.warn("record {} in {} names no real topic; skipped", r.physicalOffset(), r.topic());
                } else {
                    due.add(real);
                }
                deliveredTo = r.queueOffset() + 1;
            }
            if (!due.isEmpty()) {
                store.appendAll(due).join();
            }
            if (deliveredTo != offsets[queueId]) {
                offsets[queueId] = deliveredTo;
                dirty = true;
            }
            if (nextDue != Long.MAX_VALUE || deliveredTo < read.nextOffset()) {
                return nextDue;
            }
        }
    }

    /** Level to delivery offset, for the admin view. */
    Map<Integer, Long> offsets() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int i = 0; i < offsets.length; i++) {
            m.put(i + 1, offsets[i]);
        }
        return m;
    }

    /** How many messages of each level wait to be delivered. */
    long pending() {
        long n = 0;
        for (int i = 0; i < offsets.length; i++) {
            n += Math.max(0, store.queueBounds(ScheduledMessages.SCHEDULE_TOPIC, i)[1] - offsets[i]);
        }
        return n;
    }

    void persist() {
        if (dirty) {
            dirty = false;
            try {
                file.write(offsets());
            } catch (RuntimeException e) {
                dirty = true;
                throw e;
            }
        }
    }
}
