package io.wharf.store;

import io.wharf.store.format.ConsumeQueueEntryLayout;
import io.wharf.store.format.RecordLayout;
import io.wharf.store.log.CommitLog;
import io.wharf.store.log.RecordIterator;
import io.wharf.store.queue.ConsumeQueue;
import io.wharf.store.queue.ConsumeQueueTable;
import io.wharf.store.queue.QueueKey;
import java.nio.ByteBuffer;

/**
 * Rebuilds one consume queue from the commit log: its files are dropped and every record of that queue from
 * the start of the log up to a limit is entered again. Used when a queue's files are missing or behind.
 */
final class QueueRebuilder {
    private QueueRebuilder() {
    }

    static void rebuild(CommitLog log, ConsumeQueueTable queues, QueueKey key, long untilOffset) {
        queues.drop(key);
        ConsumeQueue queue = queues.get(key, true);
        RecordIterator it = new RecordIterator(log.segments(), log.startOffset(), untilOffset);
        while (it.next()) {
            ByteBuffer buf = it.buffer();
            int base = it.base();
            if (RecordLayout.queueId(buf, base) == key.queueId() && RecordLayout.topic(buf, base).equals(key.topic())) {
                String tag = RecordLayout.properties(buf, base).get(MessageProperties.TAGS);
                queue.put(RecordLayout.queueOffset(buf, base), it.offset(), it.length(),
                    ConsumeQueueEntryLayout.tagHash(tag));
            }
        }
    }
}
