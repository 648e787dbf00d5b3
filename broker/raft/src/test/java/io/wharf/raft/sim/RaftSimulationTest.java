package io.wharf.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.wharf.raft.TestEntry;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulation of the consensus core: thousands of seeded runs of a 3- and a 5-member group with
 * message loss, delay, duplication and reordering, partitions, and crashes that lose unflushed entries. The
 * invariants (SingleLeaderPerTerm, CommittedEntriesNeverChange, CommitIndexNeverGoesBack, CommittedOnMajority,
 * CommittedNeverTruncated, LeaderCompleteness) are checked after every step by {@link SimCluster}; after the
 * faults end, the group must elect a leader and every acknowledged write must be on every member, in place.
 */
class RaftSimulationTest {
    private static final int SEEDS = Integer.getInteger("wharf.raft.sim.seeds", 1500);
    private static final int STEPS = 1500;

    @Test
    void threeMembersSurviveEveryFaultWithoutLosingAcknowledgedWrites() {
        long acknowledged = runSeeds(3, SEEDS, 0);
        assertThat(acknowledged).as("writes acknowledged over all seeds").isGreaterThan(SEEDS * 50L);
    }

    @Test
    void fiveMembersSurviveEveryFaultWithoutLosingAcknowledgedWrites() {
        long acknowledged = runSeeds(5, SEEDS / 3, 1_000_000);
        assertThat(acknowledged).as("writes acknowledged over all seeds").isGreaterThan(SEEDS / 3 * 50L);
    }

    /**
     * With retention on, members delete committed entries now and then; a member that then needs deleted entries
     * (back from a crash or a partition) is offered a copy, rebuilt from the leader's log up to its commit index
     * (invariant CopyHoldsTheCommittedLog) and restarted: the same invariants hold, and every acknowledged write is
     * on every member at the end.
     */
    @Test
    void threeMembersWithRetentionAndStoreCopiesLoseNoAcknowledgedWrite() {
        long total = 0;
        int copies = 0;
        int seeds = SEEDS / 3;
        for (long seed = 2_000_000; seed < 2_000_000 + seeds; seed++) {
            SimCluster c = new SimCluster(seed, 3);
            c.retention = true;
            try {
                for (int i = 0; i < STEPS; i++) {
                    c.step(true);
                }
                c.healAndSettle();
            } catch (AssertionError | IllegalArgumentException e) {
                throw new AssertionError("seed " + seed + " (retention): " + e.getMessage(), e);
            }
            check(c, seed);
            total += c.acknowledged().size();
            copies += c.copies();
        }
        assertThat(total).isGreaterThan(seeds * 50L);
        assertThat(copies).as("members rebuilt from copies over all seeds").isGreaterThan(seeds / 10);
    }

    @Test
    void sameSeedSameHistory() {
        SimCluster a = run(42, 3);
        SimCluster b = run(42, 3);
        assertThat(a.acknowledged()).isEqualTo(b.acknowledged()).isNotEmpty();
    }

    private static long runSeeds(int size, int seeds, long firstSeed) {
        long total = 0;
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            SimCluster c;
            try {
                c = run(seed, size);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " (" + size + " members): " + e.getMessage(), e);
            }
            check(c, seed);
            total += c.acknowledged().size();
        }
        return total;
    }

    private static SimCluster run(long seed, int size) {
        SimCluster c = new SimCluster(seed, size);
        for (int i = 0; i < STEPS; i++) {
            c.step(true);
        }
        c.healAndSettle();
        return c;
    }

    private static void check(SimCluster c, long seed) {
        String leader = c.leader();
        if (leader == null) {
            fail("seed " + seed + ": no leader after the faults ended");
        }
        for (SimCluster.Write w : c.acknowledged()) {
            for (String id : c.ids()) {
                TestEntry e = c.entryOn(id, w.index());
                if (!w.entry().equals(e)) {
                    fail(c.describe() + "\n" + "seed " + seed + ": acknowledged " + w + " is " + e + " on " + id);
                }
            }
        }
        for (String id : c.ids()) {
            assertThat(c.commitIndexOf(id)).as("seed %d: commit index of %s", seed, id)
                .isEqualTo(c.commitIndexOf(leader));
        }
    }
}
