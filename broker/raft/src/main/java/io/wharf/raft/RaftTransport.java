package io.wharf.raft;

/** Delivers messages to other members, best effort: messages may be lost, delayed, reordered or duplicated. */
@FunctionalInterface
public interface RaftTransport {
    void send(RaftMessage message);
}
