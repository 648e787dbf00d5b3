package io.wharf.raft;

/** A message between two members of a group. Every message carries the sender's term. */
public sealed interface RaftMessage permits VoteRequest, VoteResponse, AppendRequest, AppendResponse,
    SnapshotOffer {
    long term();

    String from();

    String to();
}
