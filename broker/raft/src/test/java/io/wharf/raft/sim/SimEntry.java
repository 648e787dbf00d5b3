package io.wharf.raft.sim;

/** An entry of the simulated log: its term and a payload naming who wrote it. */
record SimEntry(long term, String payload) {
}
