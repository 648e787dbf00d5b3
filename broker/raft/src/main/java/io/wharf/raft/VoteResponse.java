package io.wharf.raft;

/** The answer to a {@link VoteRequest} (a pre-vote answer has {@code preVote} set). */
public record VoteResponse(long term, String from, String to, boolean granted, boolean preVote)
    implements RaftMessage {
}
