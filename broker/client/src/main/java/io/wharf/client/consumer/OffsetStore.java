package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import java.util.Map;
import java.util.Set;

/** Where a consumer group's progress per queue is kept: on the broker (clustering) or in a local file. */
interface OffsetStore {
    /**
     * Where to continue consuming {@code mq}: the committed offset, or where the start policy says when there is
     * none. Blocks; throws when the offset cannot be learned.
     */
    long read(MessageQueue mq);

    /** Stores the offsets; blocks. Returns the queues whose offset was stored (failures are logged). */
    Set<MessageQueue> commit(Map<MessageQueue, Long> offsets);
}
