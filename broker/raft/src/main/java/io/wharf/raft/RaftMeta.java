package io.wharf.raft;

/** The durable part of a member's state: its current term and whom it voted for in it. */
public interface RaftMeta {
    long term();

    /** The member voted for in {@link #term()}, or null. */
    String votedFor();

    /** Makes both durable before returning (a vote must never be forgotten). */
    void save(long term, String votedFor);
}
