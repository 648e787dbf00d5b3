package io.wharf.raft;

/** An entry of a scripted test's log: its term and a payload naming it ("noop" for a new leader's entry). */
public record TestEntry(long term, String payload) {
    @Override
    public String toString() {
        return payload + "@" + term;
    }
}
