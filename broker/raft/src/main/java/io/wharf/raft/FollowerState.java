package io.wharf.raft;

/** A follower: when it last heard from a leader and when it will give up waiting. */
final class FollowerState implements RoleState {
    long electionDeadline;
    /** When a leader last reached this member; {@code Long.MIN_VALUE / 2} if none has. */
    long lastLeaderContact;

    FollowerState(long electionDeadline, long lastLeaderContact) {
        this.electionDeadline = electionDeadline;
        this.lastLeaderContact = lastLeaderContact;
    }

    @Override
    public RaftRole role() {
        return RaftRole.FOLLOWER;
    }
}
