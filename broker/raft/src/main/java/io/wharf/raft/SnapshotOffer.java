package io.wharf.raft;

/**
 * The leader's word to a follower that needs entries the leader no longer holds (deleted below
 * {@code firstIndex} by retention): rebuild from a copy of the leader's store. Sent instead of appends, once per
 * heartbeat interval, until the follower holds {@code firstIndex}; it also keeps the follower from campaigning
 * meanwhile. A follower that already holds {@code firstIndex} answers with an {@link AppendResponse} naming
 * where appends can resume; one that does not tells its host ({@link RaftListener#snapshotNeeded}).
 *
 * @param firstIndex  the first index the leader's log holds
 * @param commitIndex the leader's commit index (a copy never goes beyond it)
 */
public record SnapshotOffer(long term, String from, String to, long firstIndex, long commitIndex)
    implements RaftMessage {
}
