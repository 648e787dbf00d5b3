package io.wharf.store;

import io.wharf.store.common.AppendStatus;

/**
 * Where an appended record landed.
 *
 * @param status           whether it is durable yet
 * @param logIndex         its log index (replication position)
 * @param physicalOffset   its commit-log offset, which also serves as its message id within this store
 * @param length           its encoded length
 * @param queueOffset      its offset within its queue
 * @param storeTimestampMs when the store placed it
 */
public record AppendResult(AppendStatus status, long logIndex, long physicalOffset, int length, long queueOffset,
                           long storeTimestampMs) {

    public AppendResult withStatus(AppendStatus newStatus) {
        return new AppendResult(newStatus, logIndex, physicalOffset, length, queueOffset, storeTimestampMs);
    }
}
