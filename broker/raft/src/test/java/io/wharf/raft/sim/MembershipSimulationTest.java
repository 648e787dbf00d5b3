package io.wharf.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.wharf.raft.TestEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Membership change under the simulation's faults (loss, delay, duplication, reordering, partitions, crashes that
 * lose unflushed entries), one member at a time: a 3-member group adds a fourth, removes its own leader, loses a
 * member for good and replaces it. On top of the invariants of every run, {@link SimCluster} checks
 * OneChangeAtATime and ChangesOfOneMember on every leader's log after every step, and
 * CommittedOnMajorityOfItsConfiguration at every commit. After the faults end, every acknowledged write must be on
 * every member of the final configuration.
 */
class MembershipSimulationTest {
    private static final int SEEDS = Integer.getInteger("wharf.raft.sim.membership.seeds", 300);
    /** Steps one change may take under faults before the run counts as stuck. */
    private static final int CHANGE_BUDGET = 20_000;

    @Test
    void addRemoveTheLeaderAndReplaceADeadMemberLoseNoAcknowledgedWrite() {
        long acknowledged = 0;
        int changes = 0;
        for (long seed = 2_000_000; seed < 2_000_000 + SEEDS; seed++) {
            SimCluster c;
            try {
                c = run(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
            acknowledged += c.acknowledged().size();
            changes += c.configurationChanges();
        }
        assertThat(changes).as("changes proposed over all seeds").isGreaterThanOrEqualTo(4 * SEEDS);
        assertThat(acknowledged).as("writes acknowledged over all seeds").isGreaterThan(SEEDS * 50L);
    }

    @Test
    void sameSeedSameMembershipHistory() {
        assertThat(run(7).acknowledged()).isEqualTo(run(7).acknowledged()).isNotEmpty();
    }

    private static SimCluster run(long seed) {
        SimCluster c = new SimCluster(seed, 3, 2);
        steps(c, 300);
        List<String> config = new ArrayList<>(List.of("n1", "n2", "n3"));

        c.startSpare("n4", config);
        config.add("n4");
        change(c, config, seed, "add n4");

        String leader = awaitLeader(c, seed);
        config.remove(leader);
        change(c, config, seed, "remove the leader " + leader);

        String lost = config.stream().filter(m -> !m.equals(c.leader())).findFirst().orElseThrow();
        c.killForGood(lost);
        c.startSpare("n5", config);
        List<String> withNew = new ArrayList<>(config);
        withNew.add("n5");
        change(c, withNew, seed, "add n5 in place of the dead " + lost);
        withNew.remove(lost);
        change(c, withNew, seed, "remove the dead " + lost);

        c.healAndSettle();
        check(c, withNew, seed);
        return c;
    }

    private static void steps(SimCluster c, int n) {
        for (int i = 0; i < n; i++) {
            c.step(true);
        }
    }

    private static void change(SimCluster c, List<String> target, long seed, String what) {
        for (int i = 0; i < CHANGE_BUDGET; i++) {
            if (i % 10 == 0 && c.reconfigure(List.copyOf(target))) {
                steps(c, 50);
                return;
            }
            c.step(true);
        }
        fail("seed " + seed + ": " + what + " did not complete in " + CHANGE_BUDGET + " steps\n" + c.describe());
    }

    private static String awaitLeader(SimCluster c, long seed) {
        for (int i = 0; i < CHANGE_BUDGET && c.leader() == null; i++) {
            c.step(true);
        }
        if (c.leader() == null) {
            fail("seed " + seed + ": no leader\n" + c.describe());
        }
        return c.leader();
    }

    private static void check(SimCluster c, List<String> finalMembers, long seed) {
        String leader = c.leader();
        if (leader == null || !finalMembers.contains(leader)) {
            fail("seed " + seed + ": no leader among " + finalMembers + " after the faults ended\n" + c.describe());
        }
        assertThat(c.committedMembers()).as("seed %d: the committed configuration", seed)
            .containsExactlyElementsOf(finalMembers);
        for (SimCluster.Write w : c.acknowledged()) {
            for (String id : finalMembers) {
                TestEntry e = c.entryOn(id, w.index());
                if (!w.entry().equals(e)) {
                    fail(c.describe() + "\nseed " + seed + ": acknowledged " + w + " is " + e + " on " + id);
                }
            }
        }
        for (String id : finalMembers) {
            assertThat(c.commitIndexOf(id)).as("seed %d: commit index of %s", seed, id)
                .isEqualTo(c.commitIndexOf(leader));
        }
    }
}
