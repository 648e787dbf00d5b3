package io.wharf.store;

import io.wharf.store.common.FailStop;
import io.wharf.store.format.ConsumeQueueEntryLayout;
import io.wharf.store.format.RecordLayout;
import io.wharf.store.index.KeyIndex;
import io.wharf.store.log.CommitLog;
import io.wharf.store.log.LogPosition;
import io.wharf.store.log.RecordIterator;
import io.wharf.store.queue.ConsumeQueue;
import io.wharf.store.queue.ConsumeQueueTable;
import io.wharf.store.queue.QueueKey;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed records into derived state: a consume-queue entry per record and key-index entries for its
 * keys. Only records at or below the commit watermark are dispatched, so readers never see a record that a
 * replication layer might still cut. One thread runs it while the store is open; recovery runs the same code
 * in the opening thread.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final KeyIndex keyIndex;
    private final LongSupplier watermark;
    private final FailStop failStop;
    private volatile DispatchListener listener = DispatchListener.NONE;
    private volatile LogPosition dispatched;
    private volatile boolean running;
    private Thread thread;

    Dispatcher(CommitLog log, ConsumeQueueTable queues, KeyIndex keyIndex, LongSupplier watermark,
               FailStop failStop, LogPosition dispatched) {
        this.log = log;
        this.queues = queues;
        this.keyIndex = keyIndex;
        this.watermark = watermark;
        this.failStop = failStop;
        this.dispatched = dispatched;
    }

    LogPosition dispatched() {
        return dispatched;
    }

    void listener(DispatchListener l) {
        this.listener = l;
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "wharf-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        while (running) {
            try {
                if (!dispatchUpTo(watermark.getAsLong())) {
                    LockSupport.park(this);
                }
            } catch (RuntimeException | InternalError e) {
                failStop.fail("dispatching to consume queues", e);
                return;
            }
        }
    }

    /** Stops the thread after it finished what is committed. */
    void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatchUpTo(watermark.getAsLong());
    }

    /** Dispatches every record after the dispatched position up to index {@code target}; false if none. */
    boolean dispatchUpTo(long target) {
        LogPosition from = dispatched;
        if (from.index() >= target) {
            return false;
        }
        RecordIterator it = new RecordIterator(log.segments(), from.offset(), log.position().offset());
        while (it.next()) {
            ByteBuffer buf = it.buffer();
            int base = it.base();
            long index = RecordLayout.logIndex(buf, base);
            if (index > target) {
                break;
            }
            dispatchRecord(buf, base, it.offset(), it.length());
            dispatched = new LogPosition(it.offset() + it.length(), index, RecordLayout.term(buf, base));
        }
        return true;
    }

    private void dispatchRecord(ByteBuffer buf, int base, long offset, int length) {
        String topic = RecordLayout.topic(buf, base);
        int queueId = RecordLayout.queueId(buf, base);
        long queueOffset = RecordLayout.queueOffset(buf, base);
        Map<String, String> properties = RecordLayout.properties(buf, base);
        long tagHash = ConsumeQueueEntryLayout.tagHash(properties.get(MessageProperties.TAGS));
        QueueKey key = new QueueKey(topic, queueId);
        ConsumeQueue queue = queues.get(key, true);
        if (!queue.put(queueOffset, offset, length, tagHash)) {
            LOG.warn("consume queue {}-{} is missing entries below {}; rebuilding it from the commit log",
                topic, queueId, queueOffset);
            QueueRebuilder.rebuild(log, queues, key, offset);
            queues.get(key, true).put(queueOffset, offset, length, tagHash);
        }
        keyIndex.put(topic, MessageProperties.indexedKeys(properties), offset, length,
            RecordLayout.storeTimestamp(buf, base));
        listener.onDispatched(topic, queueId, queueOffset);
    }
}
