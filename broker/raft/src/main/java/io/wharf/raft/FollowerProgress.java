package io.wharf.raft;

/** A leader's view of one follower: what it has, what to send next, and what is on the way. */
final class FollowerProgress {
    /** Highest index known to be on the follower, durable and equal to the leader's. */
    long match;
    /** Next index to send (optimistically past what is in flight). */
    long next;
    int inflight;
    long lastSent;
    long lastHeard;
    /** A {@link SnapshotOffer} went out since appends last reached this follower. */
    boolean snapshotOffered;

    FollowerProgress(long next, long now) {
        this.next = next;
        this.lastSent = now;
        this.lastHeard = now;
    }

    /** Back to sending one append at a time from just after what the follower is known to have. */
    void probe() {
        next = match + 1;
        inflight = 0;
    }
}
