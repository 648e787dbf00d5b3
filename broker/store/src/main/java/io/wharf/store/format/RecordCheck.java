package io.wharf.store.format;

/** What {@link RecordLayout#check} found at a position of the commit log. */
public enum RecordCheck {
    /** A whole record whose CRC matches. */
    VALID,
    /** An end-of-segment marker: the next record starts in the next segment. */
    END_OF_SEGMENT,
    /** Zeroes where a record would start: nothing was written here. */
    END_OF_DATA,
    /** The record claims more bytes than the segment holds. */
    TRUNCATED,
    /** A bad magic, impossible lengths or a CRC mismatch. */
    CORRUPT
}
