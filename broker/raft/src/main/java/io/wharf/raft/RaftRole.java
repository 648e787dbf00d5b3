package io.wharf.raft;

/** The role a member plays in its current term. */
public enum RaftRole {
    /** Follows a leader, or waits for one; starts a pre-vote when it hears from none in time. */
    FOLLOWER,
    /** Asks whether it could win, without changing its term (so a cut-off member cannot disrupt a healthy group). */
    PRE_CANDIDATE,
    /** Stands for election in a new term. */
    CANDIDATE,
    /** Appends, replicates and commits. */
    LEADER
}
