package io.wharf.raft;

/** Term and vote, durable as soon as saved; fails the test if a member ever takes its vote or term back. */
public final class TestMeta implements RaftMeta {
    private long term;
    private String votedFor;

    @Override
    public long term() {
        return term;
    }

    @Override
    public String votedFor() {
        return votedFor;
    }

    @Override
    public void save(long newTerm, String newVote) {
        if (newTerm < term || newTerm == term && votedFor != null && !votedFor.equals(newVote)) {
            throw new AssertionError("meta went back: " + term + "/" + votedFor + " -> " + newTerm + "/" + newVote);
        }
        term = newTerm;
        votedFor = newVote;
    }
}
