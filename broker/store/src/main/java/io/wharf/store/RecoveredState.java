package io.wharf.store;

import io.wharf.store.common.FailStop;
import io.wharf.store.index.KeyIndex;
import io.wharf.store.log.CommitLog;
import io.wharf.store.log.LogPosition;
import io.wharf.store.queue.ConsumeQueueTable;
import io.wharf.store.queue.QueueKey;
import java.util.Map;

/** Everything recovery hands to a newly opened {@link MessageStore}. */
record RecoveredState(StoreFiles files, FailStop failStop, CommitLog log, ConsumeQueueTable queues,
                      KeyIndex keyIndex, LogPosition dispatched, long commitWatermark,
                      Map<QueueKey, Long> nextQueueOffsets) {
}
