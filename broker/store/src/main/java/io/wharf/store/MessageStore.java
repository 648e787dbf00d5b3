package io.wharf.store;

import java.io.IOException;
import java.util.function.LongConsumer;
import io.wharf.store.common.AppendStatus;
import io.wharf.store.common.FailStop;
import io.wharf.store.common.StoreFailedException;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.PropertiesCodec;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import io.wharf.store.index.KeyIndex;
import io.wharf.store.log.CommitLog;
import io.wharf.store.log.GroupCommitFlusher;
import io.wharf.store.log.LogPosition;
import io.wharf.store.log.PeriodicFlusher;
import io.wharf.store.queue.ConsumeQueue;
import io.wharf.store.queue.ConsumeQueueTable;
import io.wharf.store.queue.QueueKey;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;

/**
 * The broker's message store: appends records to the commit log, makes them durable as the flush mode says,
 * dispatches committed records to consume queues and the key index, and answers reads.
 *
 * <p>Open it with {@link #open(StoreConfig, InstantSource)}, which runs recovery; close it to shut down
 * cleanly. Appends may come from any thread; they are serialized by one lock held only while the record is
 * copied into the log.
 */
public final class MessageStore implements AutoCloseable {
    private final StoreConfig config;
    private final InstantSource clock;
    private final FailStop failStop;
    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final KeyIndex keyIndex;
    private final StoreFiles files;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Map<QueueKey, Long> nextQueueOffsets;
    private final ThreadLocal<ByteBuffer> encodeBuffer = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));
    private final Dispatcher dispatcher;
    private final GroupCommitFlusher groupCommit;
    private final PeriodicFlusher periodicFlush;
    private final Housekeeping housekeeping;
    private volatile long commitWatermark;
    private volatile LogPosition durable;
    private volatile long term;
    private volatile boolean localAppendsOpen = true;
    private boolean closed;

    MessageStore(StoreConfig config, InstantSource clock, RecoveredState state) {
        this.config = config;
        this.clock = clock;
        this.failStop = state.failStop();
        this.log = state.log();
        this.queues = state.queues();
        this.keyIndex = state.keyIndex();
        this.files = state.files();
        this.nextQueueOffsets = new HashMap<>(state.nextQueueOffsets());
        this.commitWatermark = state.commitWatermark();
        this.durable = log.position();
        this.term = log.position().term();
        this.dispatcher = new Dispatcher(log, queues, keyIndex, this::commitWatermark, failStop,
            state.dispatched());
        this.dispatcher.start();
        if (config.flushMode() == FlushMode.SYNC) {
            this.groupCommit = new GroupCommitFlusher(this::timedFlush, this::onFlushed, failStop,
                config.flushTimeout());
            this.periodicFlush = null;
        } else {
            this.groupCommit = null;
            this.periodicFlush = new PeriodicFlusher(log, this::onFlushed, failStop, config.asyncFlushInterval());
        }
        this.housekeeping = new Housekeeping(this, config, clock);
    }

    /** Opens (and if needed recovers) the store in {@code config.dataDir()}. */
    public static MessageStore open(StoreConfig config, InstantSource clock) {
        return new MessageStore(config, clock, StoreRecovery.recover(config, clock));
    }

    /**
     * A record placed in the log: the index it got at once, and the future of {@link #append}.
     *
     * @param logIndex where it was placed (-1 when the store refused it: the future says why)
     * @param stored   completes when the record is as durable as the flush mode promises
     */
    public record Placed(long logIndex, CompletableFuture<AppendResult> stored) {
    }

    /** {@link #append}, also telling the log index the record got (other threads may append right after it). */
    public Placed appendPlaced(RecordContent content) {
        ByteBuffer encoded = encode(content, true);
        appendLock.lock();
        try {
            AppendResult placed = placeLocked(content, encoded);
            return new Placed(placed.logIndex(), afterPlaced(log.position()).thenApply(placed::withStatus));
        } catch (StoreFailedException e) {
            return new Placed(-1, CompletableFuture.failedFuture(e));
        } finally {
            appendLock.unlock();
        }
    }

    private volatile LongConsumer forceObserver = nanos -> { };

    /** {@code observer} is told how long each group-commit force took, in nanoseconds (for a latency histogram). */
    public void forceObserver(LongConsumer observer) {
        this.forceObserver = observer;
    }

    private void timedFlush(long upToOffset) {
        long start = System.nanoTime();
        log.flush(upToOffset);
        forceObserver.accept(System.nanoTime() - start);
    }

    /** Appends one record. The future completes when the record is as durable as the flush mode promises. */
    public CompletableFuture<AppendResult> append(RecordContent content) {
        ByteBuffer encoded = encode(content, true);
        appendLock.lock();
        try {
            AppendResult placed = placeLocked(content, encoded);
            return afterPlaced(log.position()).thenApply(placed::withStatus);
        } catch (StoreFailedException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Marks the start of a burst of appends from this thread (a network thread handling the sends it read at
     * once): with SYNC flush they share one force, started by {@link #endAppendBurst()} rather than by the first
     * append. Call {@code endAppendBurst()} on the same thread when the burst is over; without SYNC flush both
     * do nothing.
     */
    public void beginAppendBurst() {
        if (groupCommit != null) {
            groupCommit.beginBurst();
        }
    }

    /** Ends this thread's burst of appends (see {@link #beginAppendBurst()}). */
    public void endAppendBurst() {
        if (groupCommit != null) {
            groupCommit.endBurst();
        }
    }

    /** Appends records contiguously, as one unit for the flush. */
    public CompletableFuture<List<AppendResult>> appendAll(List<RecordContent> contents) {
        List<ByteBuffer> encoded = new ArrayList<>(contents.size());
        for (RecordContent c : contents) {
            encoded.add(encode(c, false));
        }
        appendLock.lock();
        try {
            List<AppendResult> placed = new ArrayList<>(contents.size());
            for (int i = 0; i < contents.size(); i++) {
                placed.add(placeLocked(contents.get(i), encoded.get(i)));
            }
            return afterPlaced(log.position()).thenApply(s -> placed.stream().map(p -> p.withStatus(s)).toList());
        } catch (StoreFailedException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            appendLock.unlock();
        }
    }

    private ByteBuffer encode(RecordContent content, boolean reuseThreadBuffer) {
        int bound = RecordLayout.HEADER_LENGTH + 3 * (content.topic().length() + content.bornHost().length())
            + PropertiesCodec.encodedLength(content.properties()) + content.body().length;
        if (bound > log.maxRecordLength() + 6 * RecordLayout.MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("record exceeds the limit of " + log.maxRecordLength() + " bytes");
        }
        ByteBuffer buf = reuseThreadBuffer ? encodeBuffer.get() : ByteBuffer.allocate(bound);
        if (buf.capacity() < bound) {
            buf = ByteBuffer.allocate(Math.max(bound, buf.capacity() * 2));
            encodeBuffer.set(buf);
        }
        buf.clear();
        RecordLayout.encode(buf, content);
        buf.flip();
        if (buf.remaining() > log.maxRecordLength()) {
            throw new IllegalArgumentException("record of " + buf.remaining() + " bytes exceeds the limit of "
                + log.maxRecordLength());
        }
        return buf;
    }

    private AppendResult placeLocked(RecordContent content, ByteBuffer encoded) {
        failStop.check();
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
        if (!localAppendsOpen) {
            throw new AppendsClosedException();
        }
        QueueKey key = new QueueKey(content.topic(), content.queueId());
        long queueOffset = nextQueueOffsets.getOrDefault(key, 0L);
        long storeTimestamp = clock.millis();
        int length = encoded.remaining();
        LogPosition end;
        try {
            end = log.append(encoded, term, queueOffset, storeTimestamp);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | InternalError e) {
            throw failStop.fail("appending to the commit log", e);
        }
        nextQueueOffsets.put(key, queueOffset + 1);
        return new AppendResult(AppendStatus.PUT_OK, end.index(), end.offset() - length, length, queueOffset,
            storeTimestamp);
    }

    private CompletableFuture<AppendStatus> afterPlaced(LogPosition end) {
        if (groupCommit != null) {
            return groupCommit.submit(end);
        }
        if (config.commitPolicy() == CommitPolicy.LOCAL) {
            setWatermark(end.index());
        }
        return CompletableFuture.completedFuture(AppendStatus.PUT_OK);
    }

    private void onFlushed(LogPosition flushed) {
        synchronized (this) {
            if (flushed.offset() > durable.offset()) {
                durable = flushed;
            }
        }
        if (config.flushMode() == FlushMode.SYNC && config.commitPolicy() == CommitPolicy.LOCAL) {
            setWatermark(flushed.index());
        }
    }

    private void setWatermark(long index) {
        if (index > commitWatermark) {
            commitWatermark = index;
            dispatcher.wake();
        }
    }

    /**
     * Appends a record copied from a leader's log (replication). The record keeps its bytes; it becomes visible
     * once the watermark passes it. Returns the new end of the log.
     */
    public LogPosition appendReplicated(ByteBuffer record) {
        appendLock.lock();
        try {
            failStop.check();
            LogPosition end;
            try {
                end = log.appendReplicated(record);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException | InternalError e) {
                throw failStop.fail("appending a replicated record", e);
            }
            // The bytes just appended are the record's: read its queue from them, not back from the log.
            ByteBuffer stored = record.slice();
            QueueKey key = new QueueKey(RecordLayout.topic(stored, 0), RecordLayout.queueId(stored, 0));
            nextQueueOffsets.put(key, RecordLayout.queueOffset(stored, 0) + 1);
            return end;
        } finally {
            appendLock.unlock();
        }
    }

    /** Forces everything appended so far (a follower calls this before acknowledging). */
    public LogPosition flush() {
        LogPosition end = log.position();
        try {
            log.flush(end.offset());
        } catch (RuntimeException | InternalError e) {
            throw failStop.fail("forcing the commit log", e);
        }
        synchronized (this) {
            if (end.offset() > durable.offset()) {
                durable = end;
            }
        }
        return end;
    }

    /** Drops every uncommitted record after {@code index} (a follower cutting a divergent tail). */
    public void truncateAfter(long index) {
        appendLock.lock();
        try {
            if (index < commitWatermark) {
                throw new IllegalArgumentException("cannot truncate committed index " + (index + 1)
                    + "; the commit watermark is " + commitWatermark);
            }
            Map<QueueKey, Long> rollback = new HashMap<>();
            for (long i = index + 1; i <= log.position().index(); i++) {
                ByteBuffer r = log.readByIndex(i);
                rollback.merge(new QueueKey(RecordLayout.topic(r, 0), RecordLayout.queueId(r, 0)),
                    RecordLayout.queueOffset(r, 0), Math::min);
            }
            log.truncateAfter(index);
            nextQueueOffsets.putAll(rollback);
            if (durable.index() > index) {
                // The cut reaches into what was flushed, so the last checkpoint may name a flushed position inside
                // it. Replace it before anything is appended here: recovery would scan from that stale position,
                // in the middle of a new record, and cut the log there.
                durable = log.position();
                try {
                    housekeeping.checkpoint();
                } catch (RuntimeException | InternalError e) {
                    throw failStop.fail("writing a checkpoint after truncating the log", e);
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Whole records from {@code fromIndex}, as stored, up to about {@code maxBytes}. */
    public List<ByteBuffer> readEntries(long fromIndex, int maxBytes) {
        return log.readEntries(fromIndex, maxBytes);
    }

    /** Moves the commit watermark (EXTERNAL policy: the replication layer's majority commit). */
    public void advanceCommitWatermark(long index) {
        if (config.commitPolicy() != CommitPolicy.EXTERNAL) {
            throw new IllegalStateException("the commit watermark is set by the store under CommitPolicy.LOCAL");
        }
        setWatermark(Math.min(index, log.position().index()));
    }

    /** Sets the term stamped on records appended from now on (replication). */
    public void term(long newTerm) {
        this.term = newTerm;
    }

    /**
     * Opens local appends ({@link #append}, {@link #appendAll}) stamped with {@code leaderTerm}: this store now
     * holds the leader's log. Taken under the append lock, so no append of an earlier term can follow.
     */
    public void openLocalAppends(long leaderTerm) {
        appendLock.lock();
        try {
            this.term = leaderTerm;
            this.localAppendsOpen = true;
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Refuses local appends from now on with {@link AppendsClosedException} (this member stopped leading); only
     * replicated records are appended until {@link #openLocalAppends(long)}. An append that held the lock first
     * is in the log before this returns.
     */
    public void closeLocalAppends() {
        appendLock.lock();
        try {
            this.localAppendsOpen = false;
        } finally {
            appendLock.unlock();
        }
    }

    /** The term of the record with log index {@code index}; 0 for index 0. */
    public long termAt(long index) {
        if (index == 0) {
            return 0;
        }
        ByteBuffer r = log.readByIndex(index);
        if (r == null) {
            throw new IllegalArgumentException("log index " + index + " is not held (the log ends at "
                + log.position().index() + ")");
        }
        return RecordLayout.term(r, r.position());
    }

    public long commitWatermark() {
        return commitWatermark;
    }

    public LogPosition endPosition() {
        return log.position();
    }

    public LogPosition durablePosition() {
        return durable;
    }

    /** How many group-commit forces completed (SYNC); 0 under ASYNC flush. A read-only metric. */
    public long flushCount() {
        return groupCommit == null ? 0L : groupCommit.forceCount();
    }

    public LogPosition dispatchedPosition() {
        return dispatcher.dispatched();
    }

    public void dispatchListener(DispatchListener listener) {
        dispatcher.listener(listener);
    }

    /** Reads up to {@code maxCount} messages of one queue from {@code fromOffset} that pass the tag filter. */
    public QueueReadResult read(String topic, int queueId, long fromOffset, int maxCount, int maxBytes,
                                LongPredicate tagHashFilter) {
        ConsumeQueue queue = queues.get(new QueueKey(topic, queueId), false);
        if (queue == null) {
            return new QueueReadResult(ReadStatus.NO_SUCH_QUEUE, List.of(), 0, 0, 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (fromOffset < min) {
            return new QueueReadResult(ReadStatus.OFFSET_TOO_SMALL, List.of(), min, min, max);
        }
        if (fromOffset > max) {
            return new QueueReadResult(ReadStatus.OFFSET_OVERFLOW, List.of(), max, min, max);
        }
        if (fromOffset == max) {
            return new QueueReadResult(ReadStatus.NO_NEW_MESSAGE, List.of(), max, min, max);
        }
        List<ByteBuffer> out = new ArrayList<>(Math.min(maxCount, 64));
        ConsumeQueue.Entry e = new ConsumeQueue.Entry();
        long next = fromOffset;
        int bytes = 0;
        while (next < max && out.size() < maxCount && queue.get(next, e)) {
            if (!out.isEmpty() && bytes + e.size > maxBytes) {
                break;
            }
            next++;
            if (tagHashFilter.test(e.tagHash)) {
                ByteBuffer record = log.read(e.commitLogOffset, e.size);
                if (record != null) {
                    out.add(record);
                    bytes += e.size;
                }
            }
        }
        ReadStatus status = out.isEmpty() ? ReadStatus.NO_MATCHED_MESSAGE : ReadStatus.FOUND;
        return new QueueReadResult(status, out, next, min, max);
    }

    /** The first and one-past-last offsets of a queue, {0, 0} if it has none. */
    public long[] queueBounds(String topic, int queueId) {
        ConsumeQueue queue = queues.get(new QueueKey(topic, queueId), false);
        return queue == null ? new long[] {0, 0} : new long[] {queue.minOffset(), queue.maxOffset()};
    }

    /** The first offset of the queue whose message was stored at or after {@code timestampMs}. */
    public long offsetForTimestamp(String topic, int queueId, long timestampMs) {
        ConsumeQueue queue = queues.get(new QueueKey(topic, queueId), false);
        if (queue == null) {
            return 0;
        }
        long lo = queue.minOffset();
        long hi = queue.maxOffset();
        ConsumeQueue.Entry e = new ConsumeQueue.Entry();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            ByteBuffer record = queue.get(mid, e) ? log.read(e.commitLogOffset, e.size) : null;
            if (record == null || RecordLayout.storeTimestamp(record, 0) < timestampMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The record at a commit-log offset (its message id within this store), or null if none valid is there. */
    public DecodedRecord readByOffset(long physicalOffset) {
        ByteBuffer header = log.read(physicalOffset, RecordLayout.HEADER_LENGTH);
        if (header == null) {
            return null;
        }
        int length = RecordLayout.length(header, 0);
        ByteBuffer record = length >= RecordLayout.HEADER_LENGTH ? log.read(physicalOffset, length) : null;
        if (record == null || RecordLayout.check(record, 0) != RecordCheck.VALID) {
            return null;
        }
        return RecordLayout.decode(record, 0);
    }

    /** Messages of {@code topic} with business key or unique key {@code key}, newest first. */
    public List<DecodedRecord> queryByKey(String topic, String key, long beginMs, long endMs, int maxCount) {
        List<DecodedRecord> out = new ArrayList<>();
        for (long offset : keyIndex.lookup(topic, key, beginMs, endMs, maxCount * 2 + 16)) {
            DecodedRecord r = readByOffset(offset);
            if (r != null && r.topic().equals(topic) && MessageProperties.indexedKeys(r.properties()).contains(key)
                && r.storeTimestampMs() >= beginMs && r.storeTimestampMs() <= endMs) {
                out.add(r);
                if (out.size() == maxCount) {
                    break;
                }
            }
        }
        return out;
    }

    /** Every queue of a topic with its bounds. */
    public List<ConsumeQueue> queuesOf(String topic) {
        return queues.ofTopic(topic);
    }

    public boolean failed() {
        return failStop.failed();
    }

    public FailStop failStop() {
        return failStop;
    }

    public StoreConfig config() {
        return config;
    }

    CommitLog log() {
        return log;
    }

    ConsumeQueueTable queues() {
        return queues;
    }

    KeyIndex keyIndex() {
        return keyIndex;
    }

    StoreFiles files() {
        return files;
    }

    InstantSource clock() {
        return clock;
    }

    /** The first log index held (records below it were deleted by retention), or the next index when empty. */
    public long firstIndex() {
        return log.firstIndex();
    }

    /**
     * The copy of this store up to the committed record {@code lastIndex}, for rebuilding a member that needs
     * records this store no longer holds ({@link StoreSnapshot}).
     */
    public StoreSnapshot.Manifest snapshotManifest(long lastIndex) {
        if (lastIndex > commitWatermark) {
            throw new IllegalArgumentException("log index " + lastIndex + " is not committed (watermark "
                + commitWatermark + ")");
        }
        return StoreSnapshot.manifest(log, lastIndex, termAt(lastIndex));
    }

    /** Reads part of a commit-log segment for a copy ({@link StoreSnapshot#read}). */
    public int readSnapshotSegment(String name, long position, ByteBuffer into) throws IOException {
        return StoreSnapshot.read(config.dataDir(), name, position, into);
    }

    /** Writes a checkpoint now (also done periodically). */
    public void checkpoint() {
        housekeeping.checkpoint();
    }

    /** Runs one retention pass now (also done periodically); returns the commit-log segments deleted. */
    public int enforceRetention() {
        return housekeeping.enforceRetention();
    }

    /**
     * Shuts down cleanly: refuses new appends, flushes, dispatches what is committed, writes a checkpoint and
     * removes the abort marker, so the next open trusts the files without scanning. After a fail-stop the
     * marker stays, so the next open runs full recovery.
     */
    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            appendLock.unlock();
        }
        if (groupCommit != null) {
            groupCommit.close();
        } else {
            periodicFlush.close();
        }
        housekeeping.close();
        if (!failStop.failed()) {
            flush();
            durable = log.position();
            if (config.commitPolicy() == CommitPolicy.LOCAL) {
                commitWatermark = log.position().index();
            }
        }
        dispatcher.stop();
        if (!failStop.failed()) {
            housekeeping.checkpoint();
        }
        keyIndex.close();
        log.close();
        files.close(!failStop.failed());
    }
}
