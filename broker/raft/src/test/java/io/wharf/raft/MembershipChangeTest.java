package io.wharf.raft;

import static io.wharf.raft.ScriptedGroup.ELECTION_TIMEOUT;
import static io.wharf.raft.ScriptedGroup.HEARTBEAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of a membership change on a scripted group: one member at a time, one change at a time, a member is
 * added only after it caught up as a learner, and a removed member's majority no longer counts it.
 */
class MembershipChangeTest {
    @Test
    void aChangeIsOneMemberAtATimeOneChangeAtATimeAndOnlyByTheLeader() {
        ScriptedGroup g = elected();
        RaftNode<TestEntry> leader = g.node("n1");
        assertThatThrownBy(() -> g.node("n2").proposeMembers(List.of("n1", "n2")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("not the leader");
        assertThatThrownBy(() -> leader.proposeMembers(List.of("n1")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("one member");
        assertThatThrownBy(() -> leader.proposeMembers(List.of("n1", "n2", "n3", "n4")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("as a learner first");

        long index = leader.proposeMembers(List.of("n1", "n2"));
        assertThat(leader.members()).as("in effect at once").containsExactly("n1", "n2");
        assertThat(g.log("n1").membersOf(g.log("n1").at(index))).containsExactly("n1", "n2");
        assertThatThrownBy(() -> leader.proposeMembers(List.of("n1")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("not committed yet");

        replicate(g, "n1");
        assertThat(leader.commitIndex()).isGreaterThanOrEqualTo(index);
        assertThat(g.node("n2").members()).containsExactly("n1", "n2");
        assertThat(leader.followerMatch()).as("the removed member is no longer replicated to")
            .containsOnlyKeys("n2");
    }

    @Test
    void aLearnerCatchesUpBeforeItIsAddedAndThenCounts() {
        ScriptedGroup g = elected();
        RaftNode<TestEntry> leader = g.node("n1");
        // n3 leaves, then comes back as a learner: the leader replicates to it without counting it.
        long removed = leader.proposeMembers(List.of("n1", "n2"));
        replicate(g, "n1");
        assertThat(leader.commitIndex()).isGreaterThanOrEqualTo(removed);

        leader.addLearner("n3");
        assertThat(leader.learners()).containsExactly("n3");
        replicate(g, "n1");
        long added = leader.proposeMembers(List.of("n1", "n2", "n3"));
        replicate(g, "n1");
        assertThat(leader.commitIndex()).isGreaterThanOrEqualTo(added);
        assertThat(leader.learners()).isEmpty();
        assertThat(g.node("n3").members()).containsExactly("n1", "n2", "n3");
    }

    @Test
    void aNewMachineWhoseEntriesRetentionDeletedJoinsThroughACopyOfTheLeadersLog() {
        ScriptedGroup g = elected();
        RaftNode<TestEntry> leader = g.node("n1");
        long removed = leader.proposeMembers(List.of("n1", "n2"));
        replicate(g, "n1");
        assertThat(leader.commitIndex()).isGreaterThanOrEqualTo(removed);
        g.crash("n3");
        for (int i = 0; i < 4; i++) {
            g.write("n1", "w" + i);
            g.settle();
        }
        g.step();
        long last = g.log("n1").lastIndex();
        g.log("n1").compactBefore(last - 1);
        g.log("n2").compactBefore(last - 1);

        // A new machine with an empty disk takes n3's place: as a learner it needs what retention deleted.
        g.restart("n3", new TestLog(), 0);
        leader.addLearner("n3");
        for (int i = 0; i < 3; i++) {
            g.step();
        }
        assertThat(g.snapshotOffers("n3")).isNotEmpty().containsOnly(last - 1);
        g.crash("n3");
        g.restart("n3", TestLog.copyOf(g.log("n1"), leader.commitIndex()), 0);
        // Heartbeats alone must confirm what the copy holds: the learner has nothing new to receive.
        g.stepUntil(() -> leader.followerMatch().getOrDefault("n3", 0L) == last);
        long added = leader.proposeMembers(List.of("n1", "n2", "n3"));
        replicate(g, "n1");
        assertThat(leader.commitIndex()).isGreaterThanOrEqualTo(added);
        assertThat(g.node("n3").members()).containsExactly("n1", "n2", "n3");
    }

    @Test
    void aLeaderThatRemovesItselfStepsDownOnceTheChangeCommitsAndTheRestElectANewOne() {
        ScriptedGroup g = elected();
        long index = g.node("n1").proposeMembers(List.of("n2", "n3"));
        replicate(g, "n1");
        assertThat(g.node("n1").role()).isEqualTo(RaftRole.FOLLOWER);
        g.stepUntil(() -> g.node("n2").leaderId() != null && !"n1".equals(g.node("n2").leaderId()));
        String next = g.node("n2").leaderId();
        replicate(g, next);
        assertThat(next).as("roles %s %s %s, terms %d %d %d, members %s %s", g.node("n1").role(),
            g.node("n2").role(), g.node("n3").role(), g.node("n1").term(), g.node("n2").term(), g.node("n3").term(),
            g.node("n2").members(), g.node("n3").members()).isIn("n2", "n3");
        assertThat(g.node(next).commitIndex()).isGreaterThanOrEqualTo(index);
        assertThat(g.node("n1").role()).as("a member outside its configuration never campaigns")
            .isEqualTo(RaftRole.FOLLOWER);
    }

    /** The leader forces its log, tells the core, and the group exchanges what follows. */
    private static void replicate(ScriptedGroup g, String leader) {
        g.log(leader).flush();
        g.node(leader).logAdvanced(g.now());
        g.settle();
        g.advance(HEARTBEAT);
        g.settle();
    }

    private static ScriptedGroup elected() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));
        g.advance(ELECTION_TIMEOUT);
        replicate(g, "n1");
        assertThat(g.node("n1").role()).isEqualTo(RaftRole.LEADER);
        assertThat(g.node("n1").commitIndex()).isEqualTo(1);
        return g;
    }
}
