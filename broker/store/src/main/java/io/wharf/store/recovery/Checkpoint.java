package io.wharf.store.recovery;

import io.wharf.store.log.LogPosition;
import io.wharf.store.queue.QueueKey;
import java.util.Map;

/**
 * What was durable when the checkpoint was written.
 *
 * @param flushed         the commit log is forced up to here
 * @param dispatched      consume queues, key index and log-index map are forced up to here
 * @param commitWatermark the highest committed log index
 * @param writtenAtMs     when, by the store's clock
 * @param queueOffsets    each queue's next offset, taken after {@code dispatched}: every entry below it is
 *                        durable, and the records behind entries at or past {@code dispatched} are re-dispatched
 */
public record Checkpoint(LogPosition flushed, LogPosition dispatched, long commitWatermark, long writtenAtMs,
                         Map<QueueKey, Long> queueOffsets) {
}
