package io.wharf.raft;

import java.util.HashSet;
import java.util.Set;

/** A pre-candidate or candidate: the votes it has and when the round ends. */
final class CandidateState implements RoleState {
    final boolean preVote;
    final long deadline;
    final Set<String> granted = new HashSet<>();

    CandidateState(boolean preVote, long deadline, String self) {
        this.preVote = preVote;
        this.deadline = deadline;
        granted.add(self);
    }

    @Override
    public RaftRole role() {
        return preVote ? RaftRole.PRE_CANDIDATE : RaftRole.CANDIDATE;
    }
}
