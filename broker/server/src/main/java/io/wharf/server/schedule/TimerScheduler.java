package io.wharf.server.schedule;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.protocol.PropertyNames;
import io.wharf.server.util.JsonFile;
import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.ReadStatus;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers deliver-at (timer) messages. They are parked in arrival order in queue 0 of
 * {@link ScheduledMessages#TIMER_TOPIC}; a {@link TimerIndex} orders the pending ones by time. What is persisted
 * ({@code <config>/timer-state.json}) is a base offset below which every parked message was delivered, and a
 * bitmap of the delivered offsets above it. On start the queue is scanned from the base and every offset not in
 * the bitmap is indexed again, so nothing pending is lost; messages delivered after the last persist are delivered
 * again after a crash.
 */
final class TimerScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(TimerScheduler.class);
    private static final int SCAN_BYTES = 4 << 20;
    private static final int COMPACT_BITS = 4096;

    private final MessageStore store;
    private final InstantSource clock;
    private final JsonFile<Map<String, String>> file;
    private final TimerIndex index = new TimerIndex();
    private long base;
    private BitSet delivered = new BitSet();
    private long indexedTo;
    private boolean dirty;

    TimerScheduler(MessageStore store, InstantSource clock, Path configDir) {
        this.store = store;
        this.clock = clock;
        this.file = new JsonFile<>(configDir.resolve("timer-state.json"), new TypeReference<>() { });
        Map<String, String> saved = file.read();
        if (saved != null) {
            base = Long.parseLong(saved.get("base"));
            delivered = BitSet.valueOf(Base64.getDecoder().decode(saved.get("delivered")));
        }
        indexedTo = base;
    }

    /** Indexes newly parked messages, delivers the due ones; returns when the next is due or Long.MAX_VALUE. */
    long deliverDue() {
        indexNew();
        long now = clock.millis();
        while (!index.isEmpty() && index.peekTime() <= now) {
            List<RecordContent> due = new ArrayList<>(LevelScheduler.BATCH);
            List<Long> offsets = new ArrayList<>(LevelScheduler.BATCH);
            while (!index.isEmpty() && index.peekTime() <= now && due.size() < LevelScheduler.BATCH) {
                long offset = index.peekOffset();
                index.pop();
                offsets.add(offset);
                RecordContent real = read(offset);
                if (real != null) {
                    due.add(real);
                }
            }
            if (!due.isEmpty()) {
                store.appendAll(due).join();
            }
            offsets.forEach(this::markDelivered);
        }
        return index.isEmpty() ? Long.MAX_VALUE : index.peekTime();
    }

    private void indexNew() {
        while (true) {
            long from = Math.max(indexedTo, store.queueBounds(ScheduledMessages.TIMER_TOPIC, 0)[0]);
            QueueReadResult read = store.read(ScheduledMessages.TIMER_TOPIC, 0, from, 256, SCAN_BYTES, h -> true);
            if (read.status() != ReadStatus.FOUND) {
                indexedTo = Math.max(indexedTo, from);
                return;
            }
            for (DecodedRecord r : read.decoded()) {
                if (!isDelivered(r.queueOffset())) {
                    index.add(deliverAt(r), r.queueOffset());
                }
            }
            indexedTo = read.nextOffset();
        }
    }

    private static long deliverAt(DecodedRecord r) {
        try {
            return Long.parseLong(r.property(PropertyNames.TIMER_DELIVER_MS));
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private RecordContent read(long offset) {
        QueueReadResult read = store.read(ScheduledMessages.TIMER_TOPIC, 0, offset, 1, SCAN_BYTES, h -> true);
        if (read.status() != ReadStatus.FOUND) {
            LOG.warn("timer message at offset {} is gone ({}); retention deleted it before it was due", offset,
                read.status());
            return null;
        }
        RecordContent real = ScheduledMessages.delivered(read.decoded().get(0));
        if (real == null) {
            LOG.warn("timer message at offset {} names no real topic; skipped", offset);
        }
        return real;
    }

    private boolean isDelivered(long offset) {
        return offset < base || delivered.get(Math.toIntExact(offset - base));
    }

    private void markDelivered(long offset) {
        if (offset >= base) {
            delivered.set(Math.toIntExact(offset - base));
            dirty = true;
        }
        int firstPending = delivered.nextClearBit(0);
        if (firstPending >= COMPACT_BITS) {
            delivered = delivered.get(firstPending, Math.max(firstPending, delivered.length()));
            base += firstPending;
        }
    }

    /** How many timer messages wait for their time. */
    int pending() {
        return index.size();
    }

    void persist() {
        if (dirty) {
            dirty = false;
            try {
                file.write(Map.of("base", Long.toString(base),
                    "delivered", Base64.getEncoder().encodeToString(delivered.toByteArray())));
            } catch (RuntimeException e) {
                dirty = true;
                throw e;
            }
        }
    }
}
