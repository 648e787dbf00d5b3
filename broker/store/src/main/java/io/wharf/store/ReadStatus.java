package io.wharf.store;

/** The outcome of reading a queue. */
public enum ReadStatus {
    /** At least one message was returned. */
    FOUND,
    /** The requested offset is the queue's end: nothing new yet. */
    NO_NEW_MESSAGE,
    /** Messages were there but none passed the filter; continue from the next offset. */
    NO_MATCHED_MESSAGE,
    /** The offset is below the oldest message still held; continue from the min offset. */
    OFFSET_TOO_SMALL,
    /** The offset is beyond the queue's end; continue from the max offset. */
    OFFSET_OVERFLOW,
    /** No message was ever dispatched to this queue. */
    NO_SUCH_QUEUE
}
