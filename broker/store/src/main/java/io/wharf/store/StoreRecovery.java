package io.wharf.store;

import io.wharf.store.common.FailStop;
import io.wharf.store.format.LogIndexEntryLayout;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordLayout;
import io.wharf.store.index.KeyIndex;
import io.wharf.store.log.CommitLog;
import io.wharf.store.log.LogPosition;
import io.wharf.store.log.RecordIterator;
import io.wharf.store.queue.ConsumeQueue;
import io.wharf.store.queue.ConsumeQueueTable;
import io.wharf.store.queue.QueueKey;
import io.wharf.store.recovery.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a store directory and brings it to a consistent state.
 *
 * <p>After a clean shutdown (no abort marker, a readable checkpoint, a log-index map that ends where the
 * checkpoint says) the files are trusted and nothing is scanned, so start-up does not grow with the log.
 * Otherwise the commit log is scanned from the checkpoint's flushed position (or from its start when there is
 * no usable checkpoint), every record's CRC, index and offset verified, and the log cut at the first record
 * that fails. Derived state — the log-index map, consume queues and the key index — is then cut back to what
 * the checkpoint says was durable and rebuilt from the log from there; a queue or index file that is missing
 * or behind is rebuilt from the start of the log.
 */
final class StoreRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);

    private StoreRecovery() {
    }

    static RecoveredState recover(StoreConfig config, InstantSource clock) {
        Path dir = config.dataDir();
        StoreFiles files = StoreFiles.lock(dir);
        Optional<Checkpoint> checkpoint = files.checkpointFile().read();
        CommitLog log = CommitLog.open(dir, config.commitLogSegmentBytes(), config.preallocateSegments(),
            config.writeThroughChannel(), config.logIndexEntriesPerSegment());
        boolean unclean = files.abortMarker().present() || checkpoint.isEmpty() && !log.segments().isEmpty();
        long startNs = System.nanoTime();
        LogPosition end = recoverLog(log, checkpoint, unclean);

        ConsumeQueueTable queues = ConsumeQueueTable.open(dir.resolve("consumequeue"),
            config.consumeQueueEntriesPerSegment());
        KeyIndex keyIndex = KeyIndex.open(dir.resolve("index"), config.keyIndexSlotsPerFile(),
            config.keyIndexEntriesPerFile());
        long trusted = checkpoint.map(c -> Math.max(log.startOffset(), Math.min(c.dispatched().offset(),
            end.offset()))).orElse(log.startOffset());
        Map<QueueKey, Long> durableQueueEnds = checkpoint.map(Checkpoint::queueOffsets).orElse(Map.of());
        if (unclean) {
            for (ConsumeQueue q : queues.all()) {
                q.truncateTo(durableQueueEnds.getOrDefault(new QueueKey(q.topic(), q.queueId()), 0L));
            }
        }
        rebuildShortQueues(durableQueueEnds, log, queues, trusted);
        long redispatchFrom = Math.min(trusted,
            keyIndex.recover(log.startOffset(), unclean ? trusted : Long.MAX_VALUE));

        long watermark = config.commitPolicy() == CommitPolicy.LOCAL ? end.index()
            : Math.min(checkpoint.map(Checkpoint::commitWatermark).orElse(0L), end.index());
        FailStop failStop = new FailStop();
        Dispatcher dispatcher = new Dispatcher(log, queues, keyIndex, () -> watermark, failStop,
            positionAt(log, redispatchFrom, end));
        LogPosition before = dispatcher.dispatched();
        dispatcher.dispatchUpTo(watermark);
        Map<QueueKey, Long> floor = checkpoint.filter(c -> c.dispatched().offset() <= end.offset())
            .map(Checkpoint::queueOffsets).orElse(Map.of());
        Map<QueueKey, Long> next = nextQueueOffsets(log, queues, floor, watermark);
        files.abortMarker().create();
        LOG.info("store {} opened after {} shutdown in {} ms: log ends at offset {} (index {}), {} records "
                + "re-dispatched, commit watermark {}", dir, unclean ? "an UNCLEAN" : "a clean",
            (System.nanoTime() - startNs) / 1_000_000, end.offset(), end.index(),
            dispatcher.dispatched().index() - before.index(), watermark);
        return new RecoveredState(files, failStop, log, queues, keyIndex, dispatcher.dispatched(), watermark,
            next);
    }

    private static LogPosition recoverLog(CommitLog log, Optional<Checkpoint> checkpoint, boolean unclean) {
        if (log.segments().isEmpty()) {
            if (checkpoint.isPresent() && checkpoint.get().flushed().offset() > 0) {
                throw new IllegalStateException("the checkpoint says the commit log holds data up to offset "
                    + checkpoint.get().flushed().offset() + " but no commit-log segment is left");
            }
            log.indexMap().deleteAll();
            log.restore(LogPosition.START, 0);
            return LogPosition.START;
        }
        if (!unclean && indexMapEndsAt(log, checkpoint.get().flushed())) {
            LogPosition end = checkpoint.get().flushed();
            log.restore(end, end.offset());
            return end;
        }
        return scanTail(log, scanStart(log, checkpoint));
    }

    private static boolean indexMapEndsAt(CommitLog log, LogPosition position) {
        long next = log.indexMap().nextIndex();
        return log.indexMap().isEmpty() ? position.index() == 0 : next == position.index() + 1;
    }

    private static LogPosition scanStart(CommitLog log, Optional<Checkpoint> checkpoint) {
        if (checkpoint.isPresent()) {
            LogPosition flushed = checkpoint.get().flushed();
            boolean held = flushed.offset() >= log.startOffset()
                && (flushed.index() == 0 || log.offsetOf(flushed.index()) >= 0);
            if (held && log.segments().segmentFor(Math.max(flushed.offset() - 1, 0)) != null) {
                log.indexMap().truncateFrom(flushed.index() + 1);
                return flushed;
            }
        }
        log.indexMap().deleteAll();
        RecordIterator first = new RecordIterator(log.segments(), log.startOffset(), Long.MAX_VALUE);
        long index = first.next() ? RecordLayout.logIndex(first.buffer(), first.base()) - 1 : 0L;
        return new LogPosition(log.startOffset(), index, 0L);
    }

    private static LogPosition scanTail(CommitLog log, LogPosition start) {
        RecordIterator it = new RecordIterator(log.segments(), start.offset(), Long.MAX_VALUE);
        ByteBuffer entry = ByteBuffer.allocate(LogIndexEntryLayout.ENTRY_LENGTH);
        LogPosition last = start;
        String reason = null;
        long segmentSize = log.segments().segmentSize();
        long lastSegmentBase = log.segments().last().baseOffset();
        long reportedSegment = start.offset() / segmentSize;
        while (it.next()) {
            if (it.offset() / segmentSize != reportedSegment) {
                reportedSegment = it.offset() / segmentSize;
                LOG.info("recovery: verifying segment {} of {} ({} records so far)", reportedSegment + 1,
                    lastSegmentBase / segmentSize + 1, last.index() - start.index());
            }
            long index = RecordLayout.logIndex(it.buffer(), it.base());
            if (index != last.index() + 1 || RecordLayout.physicalOffset(it.buffer(), it.base()) != it.offset()) {
                reason = "record at offset " + it.offset() + " does not continue the log (index " + index + ")";
                break;
            }
            LogIndexEntryLayout.write(entry, it.offset(), it.length());
            log.indexMap().append(index, entry.clear());
            last = new LogPosition(it.offset() + it.length(), index, RecordLayout.term(it.buffer(), it.base()));
        }
        if (reason == null) {
            reason = "scan stopped at offset " + it.offset() + ": " + it.stop();
        }
        int segmentsBefore = log.segments().segments().size();
        log.segments().truncateFrom(last.offset());
        int removed = segmentsBefore - log.segments().segments().size();
        boolean damaged = it.stop() != RecordCheck.END_OF_DATA || !reason.startsWith("scan stopped");
        String message = "recovery scanned the commit log from offset {} (index {}): {} records intact, log ends at "
            + "offset {}; {}; {} later segment(s) removed";
        Object[] args = {start.offset(), start.index(), last.index() - start.index(), last.offset(), reason, removed};
        if (damaged) {
            LOG.warn("DAMAGED TAIL CUT: " + message, args);
        } else {
            LOG.info(message, args);
        }
        log.restore(last, start.offset());
        log.flush(last.offset());
        return last;
    }

    private static void rebuildShortQueues(Map<QueueKey, Long> durableQueueEnds, CommitLog log,
                                           ConsumeQueueTable queues, long untilOffset) {
        for (Map.Entry<QueueKey, Long> e : durableQueueEnds.entrySet()) {
            ConsumeQueue q = queues.get(e.getKey(), false);
            if (q == null || q.maxOffset() < e.getValue()) {
                LOG.warn("consume queue {}-{} is missing or behind (has {}, checkpoint says {}); rebuilding it",
                    e.getKey().topic(), e.getKey().queueId(), q == null ? 0 : q.maxOffset(), e.getValue());
                QueueRebuilder.rebuild(log, queues, e.getKey(), untilOffset);
            }
        }
    }

    /** The dispatch position just before the first record at or after {@code offset}. */
    static LogPosition positionAt(CommitLog log, long offset, LogPosition end) {
        if (offset >= end.offset()) {
            return end;
        }
        RecordIterator it = new RecordIterator(log.segments(), offset, end.offset());
        if (!it.next()) {
            return end;
        }
        long index = RecordLayout.logIndex(it.buffer(), it.base()) - 1;
        ByteBuffer previous = index > 0 ? log.readByIndex(index) : null;
        if (previous == null) {
            return new LogPosition(it.offset(), index, 0L);
        }
        // Just past the previous record, as the dispatcher counts, not past an end-of-segment marker after it: a
        // truncation back to that record continues the log right there.
        return new LogPosition(log.offsetOf(index) + previous.remaining(), index, RecordLayout.term(previous, 0));
    }

    /** Each queue's next offset: past its consume queue and past any uncommitted record of it in the log. */
    static Map<QueueKey, Long> nextQueueOffsets(CommitLog log, ConsumeQueueTable queues, Map<QueueKey, Long> floor,
                                                long watermark) {
        Map<QueueKey, Long> next = new HashMap<>(floor);
        for (ConsumeQueue q : queues.all()) {
            next.merge(new QueueKey(q.topic(), q.queueId()), q.maxOffset(), Math::max);
        }
        // A log that starts past the watermark (a member rebuilt from a copy, whose records are not committed here
        // yet) is read from its first record.
        for (long i = Math.max(watermark + 1, log.firstIndex()); i <= log.position().index(); i++) {
            ByteBuffer r = log.readByIndex(i);
            next.merge(new QueueKey(RecordLayout.topic(r, 0), RecordLayout.queueId(r, 0)),
                RecordLayout.queueOffset(r, 0) + 1, Math::max);
        }
        return next;
    }
}
