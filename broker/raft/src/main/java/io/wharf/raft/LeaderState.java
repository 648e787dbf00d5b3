package io.wharf.raft;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A leader: per-follower progress, its next heartbeat, and since when it leads. */
final class LeaderState implements RoleState {
    final Map<String, FollowerProgress> progress = new HashMap<>();
    final long since;
    long nextHeartbeat;

    LeaderState(List<String> followers, long nextIndex, long now) {
        for (String f : followers) {
            progress.put(f, new FollowerProgress(nextIndex, now));
        }
        this.since = now;
        this.nextHeartbeat = now;
    }

    @Override
    public RaftRole role() {
        return RaftRole.LEADER;
    }
}
