package io.wharf.raft;

/** What the host of a member learns from it. Called on the core's thread. */
public interface RaftListener {
    /** The member's role, term or known leader changed ({@code leaderId} is null while unknown). */
    void roleChanged(RaftRole role, long term, String leaderId);

    /** The commit index advanced: entries up to {@code commitIndex} are on a majority and will never change. */
    void committed(long commitIndex);

    /**
     * The leader no longer holds what this member needs next (its log starts at {@code leaderFirstIndex}): the
     * host must rebuild this member from a copy of the leader's store. Repeated once per heartbeat interval while
     * the need lasts; the host starts one copy and ignores the repeats.
     */
    default void snapshotNeeded(String leaderId, long leaderFirstIndex) {
    }
}
