package io.wharf.raft;

import static io.wharf.raft.RaftRole.CANDIDATE;
import static io.wharf.raft.RaftRole.FOLLOWER;
import static io.wharf.raft.RaftRole.LEADER;
import static io.wharf.raft.RaftRole.PRE_CANDIDATE;
import static io.wharf.raft.ScriptedGroup.ELECTION_TIMEOUT;
import static io.wharf.raft.ScriptedGroup.HEARTBEAT;
import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.raft.ScriptedGroup.RoleChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Scripted scenarios of the consensus core: each drives a {@link ScriptedGroup} by hand (which member's timer
 * fires, which message arrives, which is lost or held) and checks exactly what every member does. Election timers
 * are fixed: n1's fires 100 ms after it last heard from a leader, n2's after 120 ms, n3's after 140 ms, and so on.
 */
class RaftNodeTest {
    private static final TestEntry NOOP1 = new TestEntry(1, "noop");

    // --- 1. election and first commit ---

    @Test
    void threeMembersElectOneLeaderThatCommitsItsNoopEverywhere() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));

        g.advance(ELECTION_TIMEOUT - 1);
        assertThat(g.inFlight()).isEmpty();
        g.advance(1);
        // n1's timer fired first; it asks whether it could win before it changes its term
        assertThat(g.node("n1").role()).isEqualTo(PRE_CANDIDATE);
        assertThat(g.node("n1").term()).isZero();
        assertThat(g.inFlight()).containsExactly(
            new VoteRequest(1, "n1", "n2", 0, 0, true),
            new VoteRequest(1, "n1", "n3", 0, 0, true));

        g.settle();
        for (String id : g.ids()) {
            assertThat(g.node(id).term()).as("term of %s", id).isEqualTo(1);
            assertThat(g.node(id).leaderId()).as("leader known to %s", id).isEqualTo("n1");
            assertThat(g.meta(id).votedFor()).as("vote of %s", id).isEqualTo("n1");
            assertThat(g.log(id).all()).as("log of %s", id).containsExactly(NOOP1);
        }
        assertThat(g.node("n1").role()).isEqualTo(LEADER);
        assertThat(g.node("n2").role()).isEqualTo(FOLLOWER);
        assertThat(g.node("n3").role()).isEqualTo(FOLLOWER);
        // the leader counts both followers (its own no-op is not flushed yet); they learn with the next append
        assertThat(g.node("n1").commitIndex()).isEqualTo(1);
        assertThat(g.node("n1").followerMatch()).isEqualTo(Map.of("n2", 1L, "n3", 1L));
        assertThat(g.node("n2").commitIndex()).isZero();
        assertThat(g.node("n3").commitIndex()).isZero();

        g.advance(HEARTBEAT);
        assertThat(g.inFlight()).containsExactly(
            new AppendRequest<>(1, "n1", "n2", 1, 1, 1, List.of()),
            new AppendRequest<>(1, "n1", "n3", 1, 1, 1, List.of()));
        g.settle();
        for (String id : g.ids()) {
            assertThat(g.node(id).commitIndex()).as("commit index of %s", id).isEqualTo(1);
            assertThat(g.commits(id)).as("commits reported by %s", id).containsExactly(1L);
        }
        assertThat(g.roleChanges("n1")).containsExactly(
            new RoleChange(PRE_CANDIDATE, 0, null),
            new RoleChange(CANDIDATE, 1, null),
            new RoleChange(LEADER, 1, "n1"));
        for (String id : List.of("n2", "n3")) {
            assertThat(g.roleChanges(id)).as("roles reported by %s", id)
                .endsWith(new RoleChange(FOLLOWER, 1, "n1"))
                .allMatch(c -> c.role() == FOLLOWER);
        }
    }

    // --- 2. pre-vote ---

    @Test
    void aCutOffFollowerKeepsItsTermAndDoesNotDeposeTheLeaderWhenItReturns() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));
        electN1(g);
        long cutAt = g.now();
        g.isolate("n3");

        // ten election timeouts and more, until n3 has just sent a new round of pre-votes
        do {
            g.settle();
            g.advance(HEARTBEAT);
        } while (g.now() < cutAt + 10 * ELECTION_TIMEOUT || g.inFlight().stream().noneMatch(preVoteFrom("n3")));

        List<VoteRequest> preVotes = g.sent().stream().filter(preVoteFrom("n3")).map(VoteRequest.class::cast)
            .toList();
        // the first round after 140 ms (timeout + n3's jitter), then a refused round is retried after half a
        // timeout + jitter: 11 rounds of 2 requests, each for term 1 + 1
        assertThat(preVotes).hasSize(22).allMatch(v -> v.term() == 2);
        assertThat(g.node("n3").role()).isEqualTo(PRE_CANDIDATE);
        assertThat(g.node("n3").term()).isEqualTo(1);
        assertThat(g.meta("n3").term()).isEqualTo(1);
        assertThat(g.roleChanges("n3")).endsWith(new RoleChange(PRE_CANDIDATE, 1, null));

        g.heal();
        // its last round of pre-votes arrives first: the leader and the follower that hears it both ignore it
        assertThat(g.deliver(preVoteFrom("n3"))).isEqualTo(2);
        assertThat(g.inFlight()).noneMatch(m -> m instanceof VoteResponse);
        g.settle();
        for (String id : g.ids()) {
            assertThat(g.node(id).term()).as("term of %s", id).isEqualTo(1);
            assertThat(g.node(id).leaderId()).as("leader known to %s", id).isEqualTo("n1");
        }
        assertThat(g.node("n1").role()).isEqualTo(LEADER);
        assertThat(g.node("n3").role()).isEqualTo(FOLLOWER);
        assertThat(g.roleChanges("n1")).endsWith(new RoleChange(LEADER, 1, "n1"));

        long a = g.write("n1", "a");
        g.stepUntil(() -> g.ids().stream().allMatch(id -> g.node(id).commitIndex() == a));
        assertThat(g.log("n3").all()).isEqualTo(g.log("n1").all());
        assertThat(g.node("n1").term()).isEqualTo(1);
    }

    // --- 3. check quorum ---

    @Test
    void aLeaderThatHearsFromNoFollowerForAnElectionTimeoutStepsDown() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));
        electN1(g);
        long lastHeard = g.now();
        g.isolate("n2", "n3");

        g.advance(ELECTION_TIMEOUT - 1);
        g.settle();
        assertThat(g.node("n1").role()).isEqualTo(LEADER);

        g.advance(1);
        assertThat(g.now()).isEqualTo(lastHeard + ELECTION_TIMEOUT);
        assertThat(g.node("n1").role()).isEqualTo(FOLLOWER);
        assertThat(g.node("n1").term()).isEqualTo(1);
        assertThat(g.node("n1").leaderId()).isNull();
        assertThat(g.node("n1").followerMatch()).isEmpty();
        assertThat(g.roleChanges("n1")).endsWith(new RoleChange(LEADER, 1, "n1"), new RoleChange(FOLLOWER, 1, null));
    }

    // --- 4. divergent tail ---

    @Test
    void anOldLeaderRejoiningLosesItsUncommittedTailToTheNewLeadersEntries() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));
        electN1(g);

        // n1 takes two writes but is cut off before any append leaves
        g.isolate("n1");
        g.write("n1", "a");
        g.write("n1", "b");
        g.settle();
        assertThat(g.log("n1").all()).containsExactly(NOOP1, new TestEntry(1, "a"), new TestEntry(1, "b"));

        // n2's timer fires next; n3 votes for it; it commits its no-op and two writes of term 2 with n3
        g.stepUntil(() -> g.node("n2").role() == LEADER);
        assertThat(g.node("n2").term()).isEqualTo(2);
        g.flush("n2");
        g.write("n2", "c");
        g.write("n2", "d");
        g.stepUntil(() -> g.node("n3").commitIndex() == 4);
        List<TestEntry> termTwo = List.of(NOOP1, new TestEntry(2, "noop"), new TestEntry(2, "c"),
            new TestEntry(2, "d"));
        assertThat(g.log("n2").all()).isEqualTo(termTwo);
        assertThat(g.log("n3").all()).isEqualTo(termTwo);
        assertThat(g.node("n2").commitIndex()).isEqualTo(4);
        // meanwhile n1 stepped down (it heard from no follower): still term 1, tail and all
        assertThat(g.roleChanges("n1")).endsWith(new RoleChange(LEADER, 1, "n1"), new RoleChange(FOLLOWER, 1, null));
        assertThat(g.node("n1").term()).isEqualTo(1);
        assertThat(g.node("n1").commitIndex()).isEqualTo(1);
        assertThat(g.log("n1").lastIndex()).isEqualTo(3);

        g.heal();
        g.stepUntil(() -> g.node("n1").commitIndex() == 4);
        assertThat(g.log("n1").all()).isEqualTo(termTwo);
        assertThat(g.log("n1").truncated()).containsExactly(new TestEntry(1, "a"), new TestEntry(1, "b"));
        assertThat(g.node("n1").role()).isEqualTo(FOLLOWER);
        assertThat(g.node("n1").term()).isEqualTo(2);
        assertThat(g.node("n1").leaderId()).isEqualTo("n2");
        assertThat(g.commits("n1")).containsExactly(1L, 4L);
        assertThat(g.node("n2").term()).isEqualTo(2);
        assertThat(g.node("n2").role()).isEqualTo(LEADER);
    }

    // --- 5. Raft paper, Figure 8 ---

    @Test
    void figure8AnEntryOfAnEarlierTermOnAMajorityCommitsOnlyWithOneOfTheLeadersTerm() {
        ScriptedGroup g = figure8UpToOldEntryOnAMajority();

        // (e) the leader's no-op reaches n3 as well: its own entry is on a majority, and x commits with it
        g.stopDropping();
        g.stepUntil(() -> g.node("n1").commitIndex() >= 3, "n1");
        assertThat(g.node("n1").commitIndex()).isEqualTo(3);
        assertThat(g.commits("n1")).containsExactly(1L, 3L);
        assertThat(g.log("n3").all()).containsExactly(NOOP1, new TestEntry(1, "x"), new TestEntry(3, "noop"));
        g.step("n1");
        assertThat(g.node("n2").commitIndex()).isEqualTo(3);
        assertThat(g.node("n3").commitIndex()).isEqualTo(3);
    }

    @Test
    void figure8AnEntryOfAnEarlierTermOnAMajorityCanStillBeOverwritten() {
        ScriptedGroup g = figure8UpToOldEntryOnAMajority();

        // (d) n1 crashes before its no-op is on a majority; n5 returns and wins term 4 with n3 and n4
        g.crash("n1");
        g.stopDropping();
        g.restart("n5", g.log("n5"), 1);
        g.stepUntil(() -> g.node("n5").role() == LEADER, "n5");
        assertThat(g.node("n5").term()).isEqualTo(4);
        assertThat(g.meta("n2").votedFor()).isNull();
        g.flush("n5");
        g.step("n5");

        // x, which was on n1, n2 and n3, is gone from the majority: that is why n1 could not count it committed
        List<TestEntry> n5s = List.of(NOOP1, new TestEntry(2, "noop"), new TestEntry(4, "noop"));
        assertThat(g.log("n5").all()).isEqualTo(n5s);
        for (String id : List.of("n2", "n3", "n4")) {
            assertThat(g.log(id).all()).as("log of %s", id).isEqualTo(n5s);
            assertThat(g.node(id).commitIndex()).as("commit index of %s", id).isEqualTo(3);
        }
        assertThat(g.log("n3").truncated()).containsExactly(new TestEntry(1, "x"));
        assertThat(g.log("n2").truncated()).containsExactly(new TestEntry(1, "x"), new TestEntry(3, "noop"));
        assertThat(g.commits("n1")).containsExactly(1L);
    }

    /**
     * Figure 8 of the Raft paper, (a) to (c), with this core's no-op per new leader: at the end n1 leads term 3,
     * x (index 2, term 1) is on n1, n2 and n3, a majority of five, and n1's no-op (index 3, term 3) only on n1 and
     * n2. n1 must not count x committed.
     */
    private static ScriptedGroup figure8UpToOldEntryOnAMajority() {
        ScriptedGroup g = new ScriptedGroup(5, ScriptedGroup.options(1, 8));
        TestEntry x = new TestEntry(1, "x");

        // (a) n1 leads term 1; x reaches only n2
        electN1(g);
        g.drop(appendTo("n3", "n4", "n5"));
        assertThat(g.write("n1", "x")).isEqualTo(2);
        g.settle();
        g.stopDropping();
        assertThat(g.log("n2").all()).containsExactly(NOOP1, x);
        assertThat(g.node("n1").commitIndex()).isEqualTo(1);

        // (b) n1 crashes; n5's timer fires, n3 and n4 vote for it (n2's log is newer: it refuses); n5 appends its
        // no-op for term 2 at index 2, which reaches nobody, and crashes
        g.crash("n1");
        g.drop(appendFrom("n5"));
        g.stepUntil(() -> g.node("n5").role() == LEADER, "n5");
        assertThat(g.node("n5").term()).isEqualTo(2);
        assertThat(g.meta("n3").votedFor()).isEqualTo("n5");
        assertThat(g.meta("n4").votedFor()).isEqualTo("n5");
        assertThat(g.meta("n2").term()).isEqualTo(2);
        assertThat(g.meta("n2").votedFor()).isNull();
        assertThat(g.log("n5").all()).containsExactly(NOOP1, new TestEntry(2, "noop"));
        g.crash("n5");
        g.stopDropping();

        // (c) n1 restarts and wins term 3 with n2, n3 and n4; its appends to n4 are lost, and of those to n3 all
        // but the ones carrying its no-op: x reaches n3, the no-op only n2
        g.restart("n1", g.log("n1"), 1);
        g.drop(appendTo("n4").or(appendTo("n3").and(carryingTerm(3))));
        g.stepUntil(() -> g.node("n1").role() == LEADER, "n1");
        assertThat(g.node("n1").term()).isEqualTo(3);
        g.flush("n1");
        g.stepUntil(() -> g.node("n1").followerMatch().get("n3") == 2, "n1");
        assertThat(g.log("n1").all()).containsExactly(NOOP1, x, new TestEntry(3, "noop"));
        assertThat(g.log("n2").all()).containsExactly(NOOP1, x, new TestEntry(3, "noop"));
        assertThat(g.log("n3").all()).containsExactly(NOOP1, x);
        assertThat(g.log("n4").all()).containsExactly(NOOP1);
        assertThat(g.node("n1").followerMatch()).isEqualTo(Map.of("n2", 3L, "n3", 2L, "n4", 0L, "n5", 0L));

        // x is on a majority but of term 1: n1 does not count it committed, heartbeat after heartbeat
        for (int i = 0; i < 5; i++) {
            assertThat(g.node("n1").commitIndex()).as("n1's commit index after %d heartbeats", i).isEqualTo(1);
            g.step("n1");
        }
        assertThat(g.commits("n1")).containsExactly(1L);
        return g;
    }

    // --- 6. vote rules ---

    @Test
    void aMemberVotesOncePerTermAndKeepsItsVoteOverARestart() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));

        g.inject(new VoteRequest(1, "n1", "n2", 0, 0, false));
        g.inject(new VoteRequest(1, "n3", "n2", 0, 0, false));
        g.inject(new VoteRequest(1, "n1", "n2", 0, 0, false));
        assertThat(g.takeInFlight()).containsExactly(
            new VoteResponse(1, "n2", "n1", true, false),
            new VoteResponse(1, "n2", "n3", false, false),
            new VoteResponse(1, "n2", "n1", true, false));
        assertThat(g.meta("n2").term()).isEqualTo(1);
        assertThat(g.meta("n2").votedFor()).isEqualTo("n1");

        // a new process over the same meta and log remembers the vote
        g.restart("n2", g.log("n2"), 0);
        g.inject(new VoteRequest(1, "n3", "n2", 0, 0, false));
        g.inject(new VoteRequest(1, "n1", "n2", 0, 0, false));
        assertThat(g.takeInFlight()).containsExactly(
            new VoteResponse(1, "n2", "n3", false, false),
            new VoteResponse(1, "n2", "n1", true, false));

        // a new term is a new vote
        g.inject(new VoteRequest(2, "n3", "n2", 0, 0, false));
        assertThat(g.takeInFlight()).containsExactly(new VoteResponse(2, "n2", "n3", true, false));
        assertThat(g.meta("n2").votedFor()).isEqualTo("n3");
    }

    @Test
    void aMemberRefusesACandidateWhoseLogIsOlderOrShorter() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));
        // n2 holds index 1 and 2 of term 1 and index 3 of term 2
        g.meta("n2").save(2, null);
        g.restart("n2", TestLog.of(NOOP1, new TestEntry(1, "a"), new TestEntry(2, "noop")), 0);

        // longer, but its last entry is of an older term
        g.inject(new VoteRequest(3, "n1", "n2", 5, 1, true));
        g.inject(new VoteRequest(3, "n1", "n2", 5, 1, false));
        // last entry of the same term, but shorter
        g.inject(new VoteRequest(3, "n3", "n2", 2, 2, false));
        assertThat(g.takeInFlight()).containsExactly(
            new VoteResponse(2, "n2", "n1", false, true),
            new VoteResponse(3, "n2", "n1", false, false),
            new VoteResponse(3, "n2", "n3", false, false));
        // the higher term was taken, the vote was not given
        assertThat(g.meta("n2").term()).isEqualTo(3);
        assertThat(g.meta("n2").votedFor()).isNull();

        // as up to date: granted
        g.inject(new VoteRequest(3, "n3", "n2", 3, 2, false));
        assertThat(g.takeInFlight()).containsExactly(new VoteResponse(3, "n2", "n3", true, false));
        assertThat(g.meta("n2").votedFor()).isEqualTo("n3");
    }

    // --- 7. rebuilding an empty follower ---

    @Test
    void aFollowerRestartedOverAnEmptyLogIsRebuiltByTheLeaderInSeveralAppends() {
        // two entries per append, one append in flight at a time
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(2, 1));
        electN1(g);
        for (int i = 1; i <= 5; i++) {
            g.write("n1", "w" + i);
            g.settle();
        }
        g.step();
        List<TestEntry> termOne = g.log("n1").all();
        assertThat(termOne).hasSize(6);
        for (String id : g.ids()) {
            assertThat(g.node(id).commitIndex()).as("commit index of %s", id).isEqualTo(6);
        }

        // n1 crashes; n3's disk is replaced: it restarts over an empty log (its term and vote survive)
        g.crash("n1");
        g.crash("n3");
        g.restart("n3", new TestLog(), 0);
        int sentBefore = g.sent().size();
        g.stepUntil(() -> g.node("n2").role() == LEADER);
        assertThat(g.node("n2").term()).isEqualTo(2);

        // n2 sends its no-op (index 7) after index 6; n3 answers that its log ends before 1; n2 goes back to
        // index 1 and sends the rest two entries an append, one append at a time
        List<RaftMessage> exchange = g.sent().subList(sentBefore, g.sent().size()).stream()
            .filter(m -> m instanceof AppendRequest<?> && m.to().equals("n3")
                || m instanceof AppendResponse && m.from().equals("n3"))
            .toList();
        assertThat(exchange).containsExactly(
            new AppendRequest<>(2, "n2", "n3", 6, 1, 6, List.of(new TestEntry(2, "noop"))),
            new AppendResponse(2, "n3", "n2", false, 0, 1),
            new AppendRequest<>(2, "n2", "n3", 0, 0, 6, termOne.subList(0, 2)),
            new AppendResponse(2, "n3", "n2", true, 2, 0),
            new AppendRequest<>(2, "n2", "n3", 2, 1, 6, termOne.subList(2, 4)),
            new AppendResponse(2, "n3", "n2", true, 4, 0),
            new AppendRequest<>(2, "n2", "n3", 4, 1, 6, termOne.subList(4, 6)),
            new AppendResponse(2, "n3", "n2", true, 6, 0),
            new AppendRequest<>(2, "n2", "n3", 6, 1, 6, List.of(new TestEntry(2, "noop"))),
            new AppendResponse(2, "n3", "n2", true, 7, 0));

        g.flush("n2");
        g.step();
        assertThat(g.log("n3").all()).isEqualTo(g.log("n2").all()).hasSize(7);
        assertThat(g.node("n2").commitIndex()).isEqualTo(7);
        assertThat(g.node("n3").commitIndex()).isEqualTo(7);
    }

    @Test
    void aFollowerThatLostItsDiskIsRebuiltByTheSameLeader() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(2, 1));
        electN1(g);
        for (int i = 1; i <= 5; i++) {
            g.write("n1", "w" + i);
            g.settle();
        }
        g.step();
        assertThat(g.node("n1").followerMatch()).containsEntry("n3", 6L);

        // n3 comes back with an empty disk while n1 keeps leading: n1 still believes n3 holds index 6
        g.crash("n3");
        g.restart("n3", new TestLog(), 0);
        g.advance(HEARTBEAT);
        g.settle();
        g.advance(HEARTBEAT);
        g.settle();
        assertThat(g.log("n3").all()).isEqualTo(g.log("n1").all()).hasSize(6);
        assertThat(g.node("n1").followerMatch()).containsEntry("n3", 6L);
        assertThat(g.node("n1").role()).isEqualTo(LEADER);
    }

    @Test
    void aFollowerThatNeedsDeletedEntriesIsRebuiltFromACopyAndThenFollowsByAppends() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(2, 1));
        electN1(g);
        g.crash("n3");
        for (int i = 1; i <= 6; i++) {
            g.write("n1", "w" + i);
            g.settle();
        }
        g.step();
        assertThat(g.node("n1").commitIndex()).isEqualTo(7);
        // Retention on the two live members: indexes below 5 are gone.
        g.log("n1").compactBefore(5);
        g.log("n2").compactBefore(5);

        // It comes back with an empty disk (a new machine): the leader finds it lacks even index 1.
        g.restart("n3", new TestLog(), 0);
        for (int i = 0; i < 3; i++) {
            g.step();
        }
        assertThat(g.snapshotOffers("n3")).as("one per heartbeat while the need lasts").hasSizeGreaterThan(1)
            .containsOnly(5L);
        assertThat(g.log("n3").lastIndex()).as("no append can reach it").isZero();
        assertThat(g.node("n3").role()).as("the offers keep it from campaigning").isEqualTo(FOLLOWER);
        assertThat(g.node("n1").role()).isEqualTo(LEADER);

        // Its host copies the leader's store (up to the commit index) and restarts it over the copy.
        g.crash("n3");
        g.restart("n3", TestLog.copyOf(g.log("n1"), g.node("n1").commitIndex()), 0);
        // Heartbeats alone confirm what it holds (nothing new to send yet).
        g.stepUntil(() -> g.node("n1").followerMatch().getOrDefault("n3", 0L) == 7);
        g.write("n1", "w7");
        g.stepUntil(() -> g.log("n3").lastIndex() == 8 && g.node("n3").commitIndex() == 8);
        assertThat(g.log("n3").all()).isEqualTo(g.log("n1").all());
        assertThat(g.node("n1").followerMatch()).containsEntry("n3", 8L);
        int offers = g.snapshotOffers("n3").size();
        g.step();
        assertThat(g.snapshotOffers("n3")).as("no more offers once it holds the first index").hasSize(offers);
    }

    // --- 8. pipelining ---

    @Test
    void aLeaderKeepsAtMostMaxInflightAppendsOutstandingToASlowFollower() {
        // one entry per append, four appends in flight per follower
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(1, 4));
        electN1(g);
        int mark = g.sent().size();
        g.hold(responseFrom("n3"));
        for (int i = 1; i <= 10; i++) {
            g.write("n1", "w" + i);
        }
        g.settle();

        // n2 has everything and with n1 commits it; n3 got four appends and its answers wait
        assertThat(entryAppendsTo(g, "n3", mark)).extracting(AppendRequest::prevIndex)
            .containsExactly(1L, 2L, 3L, 4L);
        assertThat(g.log("n2").lastIndex()).isEqualTo(11);
        assertThat(g.log("n3").lastIndex()).isEqualTo(5);
        assertThat(g.node("n1").commitIndex()).isEqualTo(11);
        assertThat(g.node("n1").followerMatch()).isEqualTo(Map.of("n2", 11L, "n3", 1L));
        assertThat(g.held()).hasSize(4);
        assertThat(outstandingAppends(g, "n3")).isEqualTo(4);

        // each answer let through frees one slot, and only one
        int most = 0;
        while (!g.held().isEmpty()) {
            g.releaseOldest();
            g.settle();
            most = Math.max(most, outstandingAppends(g, "n3"));
        }
        assertThat(most).isEqualTo(4);
        assertThat(entryAppendsTo(g, "n3", mark)).extracting(AppendRequest::prevIndex)
            .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(g.log("n3").all()).isEqualTo(g.log("n1").all());
        assertThat(g.node("n1").followerMatch()).isEqualTo(Map.of("n2", 11L, "n3", 11L));
        assertThat(g.node("n3").commitIndex()).isEqualTo(11);
    }

    // --- bugs found while writing these scenarios ---

    @Test

    void aHeartbeatAnswerDoesNotLetALeaderExceedMaxInflight() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(1, 4));
        electN1(g);
        g.hold(responseFrom("n3"));
        for (int i = 1; i <= 10; i++) {
            g.write("n1", "w" + i);
        }
        g.settle();
        assertThat(outstandingAppends(g, "n3")).isEqualTo(4);

        // a heartbeat goes out while the pipeline is full; n3 answers it (held, behind the four answers)
        g.advance(HEARTBEAT);
        g.settle();
        assertThat(g.held()).hasSize(5);

        int most = 0;
        while (!g.held().isEmpty()) {
            g.releaseOldest();
            g.settle();
            most = Math.max(most, outstandingAppends(g, "n3"));
        }
        assertThat(most).as("appends outstanding to n3 at most").isLessThanOrEqualTo(4);
    }

    @Test

    void aFollowerThatVotesInANewTermReportsTheNewTerm() {
        ScriptedGroup g = new ScriptedGroup(3, ScriptedGroup.options(64, 8));
        g.inject(new VoteRequest(1, "n1", "n2", 0, 0, false));
        assertThat(g.node("n2").term()).isEqualTo(1);
        assertThat(g.roleChanges("n2")).containsExactly(new RoleChange(FOLLOWER, 1, null));
    }

    // --- helpers ---

    /** n1's timer fires first: it leads term 1 and every member has committed its no-op (at t = 110). */
    private static void electN1(ScriptedGroup g) {
        g.stepUntil(() -> g.node("n1").role() == LEADER
            && g.ids().stream().allMatch(id -> g.node(id).commitIndex() == 1));
        assertThat(g.node("n1").term()).isEqualTo(1);
    }

    private static Predicate<RaftMessage> preVoteFrom(String id) {
        return m -> m instanceof VoteRequest v && v.preVote() && v.from().equals(id);
    }

    private static Predicate<RaftMessage> appendTo(String... ids) {
        Set<String> to = Set.of(ids);
        return m -> m instanceof AppendRequest<?> && to.contains(m.to());
    }

    private static Predicate<RaftMessage> appendFrom(String id) {
        return m -> m instanceof AppendRequest<?> && m.from().equals(id);
    }

    private static Predicate<RaftMessage> carryingTerm(long term) {
        return m -> m instanceof AppendRequest<?> a
            && a.entries().stream().anyMatch(e -> ((TestEntry) e).term() == term);
    }

    private static Predicate<RaftMessage> responseFrom(String id) {
        return m -> m instanceof AppendResponse && m.from().equals(id);
    }

    /** The appends with entries sent to {@code id}, in order, from the {@code from}-th message sent on. */
    private static List<AppendRequest<?>> entryAppendsTo(ScriptedGroup g, String id, int from) {
        List<AppendRequest<?>> appends = new ArrayList<>();
        List<RaftMessage> sent = g.sent();
        for (RaftMessage m : sent.subList(from, sent.size())) {
            if (m instanceof AppendRequest<?> a && a.to().equals(id) && !a.entries().isEmpty()) {
                appends.add(a);
            }
        }
        return appends;
    }

    /** Appends with entries sent to {@code id} whose last entry the leader has not heard acknowledged. */
    private static int outstandingAppends(ScriptedGroup g, String id) {
        long acknowledged = g.delivered().stream()
            .filter(m -> m instanceof AppendResponse r && r.from().equals(id) && r.success())
            .mapToLong(m -> ((AppendResponse) m).matchIndex()).max().orElse(0);
        return (int) entryAppendsTo(g, id, 0).stream()
            .filter(a -> a.prevIndex() + a.entries().size() > acknowledged).count();
    }
}
