package io.wharf.raft;

/**
 * The leader's word to a follower that needs entries the leader no longer holds (deleted below
 * {@code firstIndex} by retention): rebuild from a copy of the leader's store. Sent instead of appends, once per
 * heartbeat interval, until the follower holds {@code firstIndex}; it also keeps the follower from campaigning
 * meanwhile. A follower whose log agrees with the leader's at {@code firstIndex} (same term there, or deleted
 * there itself, which it only does to committed entries) answers with an {@link AppendResponse} naming where
 * appends can resume; one that does not tells its host ({@link RaftListener#snapshotNeeded}).
 *
 * @param firstIndex  the first index the leader's log holds
 * @param firstTerm   the term of the leader's entry there
 * @param commitIndex the leader's commit index (a copy never goes beyond it)
 */
public record SnapshotOffer(long term, String from, String to, long firstIndex, long firstTerm, long commitIndex)
    implements RaftMessage {
}
