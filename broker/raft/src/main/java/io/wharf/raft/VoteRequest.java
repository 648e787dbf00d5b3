package io.wharf.raft;

/**
 * A request for a vote. With {@code preVote} it only asks whether the receiver would vote in {@code term} (the
 * candidate's term plus one); nobody changes its term or records a vote for it.
 */
public record VoteRequest(long term, String from, String to, long lastIndex, long lastTerm, boolean preVote)
    implements RaftMessage {
}
