package io.wharf.raft;

/** The state only one role keeps. {@link RaftNode} holds exactly one at a time. */
sealed interface RoleState permits FollowerState, CandidateState, LeaderState {
    RaftRole role();
}
