package io.wharf.store.common;

/** The outcome of an append that was placed in the log. */
public enum AppendStatus {
    /** Stored, and durable as the flush mode promises. */
    PUT_OK,
    /** Stored, but the SYNC flush did not finish within the flush timeout; it may still become durable. */
    FLUSH_DISK_TIMEOUT
}
