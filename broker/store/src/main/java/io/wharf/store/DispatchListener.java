package io.wharf.store;

/**
 * Told when a committed message became readable in its queue, e.g. to answer a waiting long poll. Called on
 * the dispatcher thread: return quickly.
 */
@FunctionalInterface
public interface DispatchListener {
    DispatchListener NONE = (topic, queueId, queueOffset) -> { };

    void onDispatched(String topic, int queueId, long queueOffset);
}
