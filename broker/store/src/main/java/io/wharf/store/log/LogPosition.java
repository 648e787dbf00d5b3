package io.wharf.store.log;

/**
 * A point in the commit log: the byte offset just past a record, that record's log index and its term.
 * {@link #START} is the position of an empty log.
 */
public record LogPosition(long offset, long index, long term) {
    public static final LogPosition START = new LogPosition(0L, 0L, 0L);

    public boolean isBefore(LogPosition other) {
        return index < other.index;
    }
}
