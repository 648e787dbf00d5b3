package io.wharf.raft;

/** What the host of a member learns from it. Called on the core's thread. */
public interface RaftListener {
    /** The member's role, term or known leader changed ({@code leaderId} is null while unknown). */
    void roleChanged(RaftRole role, long term, String leaderId);

    /** The commit index advanced: entries up to {@code commitIndex} are on a majority and will never change. */
    void committed(long commitIndex);
}
