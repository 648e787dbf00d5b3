package io.wharf.raft;

import java.util.List;

/**
 * The replicated log as the consensus core sees it. Indexes start at 1; index 0 is the empty prefix with term 0.
 * Only the core's thread calls it, except that a leader's host may append client entries concurrently (they then
 * show in {@link #lastIndex()} and {@link #durableIndex()}, and the host tells the core).
 *
 * @param <E> the entry type
 */
public interface RaftLog<E> {
    long lastIndex();

    /**
     * The first index held: entries below it were deleted (retention) and their terms are unknown. 1 for a log
     * that never deleted anything.
     */
    default long firstIndex() {
        return 1;
    }

    /** The term of the entry at {@code index}; 0 for index 0. Only called for 0 and held indexes. */
    long termAt(long index);

    /** The last index that survives a crash of this member. */
    long durableIndex();

    /** Entries from {@code fromIndex} (at least one when there is one), up to about {@code maxBytes}. */
    List<E> entries(long fromIndex, int maxBytes);

    long termOf(E entry);

    /** Drops every entry after {@code index}; never called for a committed index. */
    void truncateAfter(long index);

    /** Appends entries copied from the leader after the last one. */
    void append(List<E> entries);

    /** Makes everything appended durable (a follower acknowledges only durable entries). */
    void flush();

    /** A new leader's first entry of its term, which lets it commit entries of earlier terms. Returns its index. */
    long appendNoop(long term);

    /**
     * The voting members a configuration entry sets, or null for any other entry. A log that never holds
     * configuration entries (a group whose membership does not change) keeps the default.
     */
    default List<String> membersOf(E entry) {
        return null;
    }

    /** The last configuration entry at or below {@code index}, or null when there is none. */
    default Configuration configurationAt(long index) {
        return null;
    }

    /** Appends a configuration entry of {@code term} setting {@code members} (on the leader); returns its index. */
    default long appendConfiguration(long term, List<String> members) {
        throw new UnsupportedOperationException("this log does not record membership changes");
    }
}
