package io.wharf.raft;

/**
 * A follower's answer to an {@link AppendRequest}. On success {@code matchIndex} is the last index known equal to
 * the leader's log and durable on the follower. On failure {@code conflictIndex} is where the leader should try
 * again from.
 */
public record AppendResponse(long term, String from, String to, boolean success, long matchIndex,
                             long conflictIndex) implements RaftMessage {
}
