package io.wharf.raft;

/**
 * Timing and batching of a member.
 *
 * @param electionTimeoutMs a follower that hears from no leader for a random time in [this, 2 × this) stands
 *                          for election; a leader that hears from no majority for this long steps down
 * @param heartbeatIntervalMs how often a leader sends to each follower when it has nothing new
 * @param maxBatchBytes how many bytes of entries one append carries at most
 * @param maxInflight how many appends may be outstanding per follower (pipelining)
 */
public record RaftOptions(long electionTimeoutMs, long heartbeatIntervalMs, int maxBatchBytes, int maxInflight) {
    public RaftOptions {
        if (electionTimeoutMs <= 0 || heartbeatIntervalMs <= 0 || heartbeatIntervalMs >= electionTimeoutMs) {
            throw new IllegalArgumentException("need 0 < heartbeat interval < election timeout, got "
                + heartbeatIntervalMs + " and " + electionTimeoutMs);
        }
        if (maxBatchBytes <= 0 || maxInflight <= 0) {
            throw new IllegalArgumentException("batch bytes and in-flight appends must be positive");
        }
    }

    /** 500 ms election timeout, 100 ms heartbeats, 1 MiB batches, 8 appends in flight. */
    public static RaftOptions defaults() {
        return new RaftOptions(500, 100, 1 << 20, 8);
    }
}
