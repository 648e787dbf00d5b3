package io.wharf.store;

/** Who moves the commit watermark, the point up to which records are dispatched and visible to readers. */
public enum CommitPolicy {
    /** The store itself: after the flush in SYNC mode, after the write in ASYNC mode (a single node). */
    LOCAL,
    /** A replication layer, through {@link MessageStore#advanceCommitWatermark(long)} (majority commit). */
    EXTERNAL
}
