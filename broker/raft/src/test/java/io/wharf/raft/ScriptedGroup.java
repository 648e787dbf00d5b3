package io.wharf.raft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A Raft group driven by hand for scripted tests: members n1..nN, a clock that moves only when the test says, and
 * a network that delivers nothing on its own. Every message sent is queued in send order; the test delivers them
 * ({@link #settle()}, {@link #deliver}), can cut members off ({@link #isolate}), drop ({@link #drop}) or hold back
 * ({@link #hold}) the messages it picks, crash and restart members, and read what each member told its listener.
 *
 * <p>Election timers are not random: member i (from 0) waits {@code ELECTION_TIMEOUT + i * JITTER_STEP} ms, so
 * n1's timer fires first, then n2's, and so on.
 */
final class ScriptedGroup {
    static final long ELECTION_TIMEOUT = 100;
    static final long HEARTBEAT = 10;
    static final long JITTER_STEP = 20;
    private static final long STEP_LIMIT_MS = 100 * ELECTION_TIMEOUT;

    /** One call of {@link RaftListener#roleChanged}. */
    record RoleChange(RaftRole role, long term, String leader) {
    }

    /** Options with the group's timers; batches of {@code batchEntries} entries, {@code maxInflight} appends. */
    static RaftOptions options(int batchEntries, int maxInflight) {
        return new RaftOptions(ELECTION_TIMEOUT, HEARTBEAT, batchEntries * TestLog.ENTRY_BYTES, maxInflight);
    }

    /** The jitter a member draws: always the same. */
    private static final class FixedJitter implements RandomGenerator {
        private final long jitter;

        FixedJitter(long jitter) {
            this.jitter = jitter;
        }

        @Override
        public long nextLong() {
            return jitter;
        }

        @Override
        public long nextLong(long bound) {
            return Math.min(jitter, bound - 1);
        }
    }

    /** A member: its durable meta survives restarts, its log does unless the test hands it a new one. */
    private final class Member implements RaftListener {
        final String id;
        final TestMeta meta = new TestMeta();
        final RandomGenerator random;
        final List<RoleChange> roleChanges = new ArrayList<>();
        final List<Long> commits = new ArrayList<>();
        final List<Long> snapshotOffers = new ArrayList<>();
        TestLog log = new TestLog();
        RaftNode<TestEntry> node;
        boolean up;

        Member(String id, long jitter) {
            this.id = id;
            this.random = new FixedJitter(jitter);
        }

        void start(TestLog newLog, long knownCommitted) {
            log = newLog;
            node = new RaftNode<>(id, ids, log, meta, ScriptedGroup.this::send, this, options, random, knownCommitted,
                now);
            up = true;
        }

        @Override
        public void roleChanged(RaftRole role, long term, String leaderId) {
            roleChanges.add(new RoleChange(role, term, leaderId));
        }

        @Override
        public void committed(long commitIndex) {
            commits.add(commitIndex);
        }

        @Override
        public void snapshotNeeded(String leaderId, long leaderFirstIndex) {
            snapshotOffers.add(leaderFirstIndex);
        }
    }

    private final RaftOptions options;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<RaftMessage> inFlight = new ArrayList<>();
    private final List<RaftMessage> held = new ArrayList<>();
    private final List<RaftMessage> sent = new ArrayList<>();
    private final List<RaftMessage> delivered = new ArrayList<>();
    private final Set<String> isolated = new HashSet<>();
    private final List<Predicate<RaftMessage>> dropRules = new ArrayList<>();
    private final List<Predicate<RaftMessage>> holdRules = new ArrayList<>();
    private long now;

    ScriptedGroup(int size, RaftOptions options) {
        this.options = options;
        for (int i = 1; i <= size; i++) {
            ids.add("n" + i);
        }
        for (int i = 0; i < size; i++) {
            Member m = new Member(ids.get(i), i * JITTER_STEP);
            members.put(m.id, m);
            m.start(m.log, 0);
        }
    }

    List<String> ids() {
        return List.copyOf(ids);
    }

    long now() {
        return now;
    }

    RaftNode<TestEntry> node(String id) {
        return member(id).node;
    }

    TestLog log(String id) {
        return member(id).log;
    }

    TestMeta meta(String id) {
        return member(id).meta;
    }

    /** What the member told its listener about roles, in order (over restarts). */
    List<RoleChange> roleChanges(String id) {
        return List.copyOf(member(id).roleChanges);
    }

    /** Every commit index the member reported, in order (over restarts). */
    List<Long> commits(String id) {
        return List.copyOf(member(id).commits);
    }

    /** The leader's first index each time the member told its host it needs a snapshot (over restarts). */
    List<Long> snapshotOffers(String id) {
        return List.copyOf(member(id).snapshotOffers);
    }

    private Member member(String id) {
        Member m = members.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no member " + id);
        }
        return m;
    }

    private void send(RaftMessage message) {
        sent.add(message);
        inFlight.add(message);
    }

    // --- time ---

    /** Moves the clock on by {@code ms} and ticks every running member (or only {@code only}, if named). */
    void advance(long ms, String... only) {
        now += ms;
        List<String> tickers = only.length == 0 ? ids : Arrays.asList(only);
        for (String id : tickers) {
            Member m = member(id);
            if (m.up) {
                m.node.tick(now);
            }
        }
    }

    /** One heartbeat interval passes (ticking every member, or only {@code only}) and the network settles. */
    void step(String... only) {
        advance(HEARTBEAT, only);
        settle();
    }

    /** Steps until {@code done} holds; fails if it takes more than a hundred election timeouts. */
    void stepUntil(BooleanSupplier done, String... only) {
        long limit = now + STEP_LIMIT_MS;
        while (!done.getAsBoolean()) {
            if (now >= limit) {
                throw new AssertionError("condition not reached by t=" + now + "\n" + describe());
            }
            step(only);
        }
    }

    // --- network ---

    /** Delivers queued messages, and those they cause, until none is left; returns how many arrived. */
    int settle() {
        return deliver(m -> true);
    }

    /**
     * Delivers, in send order, the queued messages {@code which} accepts, including those sent meanwhile, and
     * leaves the others queued. Messages to or from an isolated member, to a crashed member, or matched by a drop
     * rule are lost; those matched by a hold rule are put aside. Returns how many arrived.
     */
    int deliver(Predicate<RaftMessage> which) {
        int arrived = 0;
        for (int guard = 0; ; guard++) {
            if (guard > 100_000) {
                throw new AssertionError("the network does not settle\n" + describe());
            }
            RaftMessage next = inFlight.stream().filter(which).findFirst().orElse(null);
            if (next == null) {
                return arrived;
            }
            inFlight.remove(next);
            if (lost(next)) {
                continue;
            }
            if (holdRules.stream().anyMatch(r -> r.test(next))) {
                held.add(next);
                continue;
            }
            arrive(next);
            arrived++;
        }
    }

    private boolean lost(RaftMessage m) {
        return isolated.contains(m.from()) || isolated.contains(m.to()) || !member(m.to()).up
            || dropRules.stream().anyMatch(r -> r.test(m));
    }

    private void arrive(RaftMessage m) {
        delivered.add(m);
        member(m.to()).node.receive(m, now);
    }

    /** Hands {@code message} to its receiver now, as if another member had sent it. */
    void inject(RaftMessage message) {
        arrive(message);
    }

    /** The messages sent and not yet delivered or lost, in send order. */
    List<RaftMessage> inFlight() {
        return List.copyOf(inFlight);
    }

    /** Empties the queue and returns what was in it. */
    List<RaftMessage> takeInFlight() {
        List<RaftMessage> taken = List.copyOf(inFlight);
        inFlight.clear();
        return taken;
    }

    /** Every message any member ever sent, in order. */
    List<RaftMessage> sent() {
        return List.copyOf(sent);
    }

    /** Every message that ever arrived, in order. */
    List<RaftMessage> delivered() {
        return List.copyOf(delivered);
    }

    /** Cuts the members off: every message to or from them is lost until {@link #heal()}. */
    void isolate(String... cut) {
        isolated.addAll(Arrays.asList(cut));
    }

    /** Ends every isolation. */
    void heal() {
        isolated.clear();
    }

    /** From now on, messages {@code rule} matches are lost (until {@link #stopDropping()}). */
    void drop(Predicate<RaftMessage> rule) {
        dropRules.add(rule);
    }

    void stopDropping() {
        dropRules.clear();
    }

    /** From now on, messages {@code rule} matches are put aside when due (see {@link #releaseOldest()}). */
    void hold(Predicate<RaftMessage> rule) {
        holdRules.add(rule);
    }

    /** The messages put aside, oldest first. */
    List<RaftMessage> held() {
        return List.copyOf(held);
    }

    /** Delivers the oldest message put aside and returns it; what the receiver sends in answer is queued. */
    RaftMessage releaseOldest() {
        RaftMessage m = held.removeFirst();
        arrive(m);
        return m;
    }

    // --- members ---

    /** The member stops: it ticks no more and messages to it are lost. Its log and meta stay as they are. */
    void crash(String id) {
        member(id).up = false;
    }

    /** The member starts again as a follower over its meta and {@code log} (its old one, or a new one). */
    void restart(String id, TestLog log, long knownCommitted) {
        member(id).start(log, knownCommitted);
    }

    /** A client write at {@code id}: appended with its term, flushed, and the member told. Returns the index. */
    long write(String id, String payload) {
        Member m = member(id);
        long index = m.log.appendClient(new TestEntry(m.node.term(), payload));
        m.log.flush();
        m.node.logAdvanced(now);
        return index;
    }

    /** The member's disk catches up (for example with a new leader's no-op) and the member is told. */
    void flush(String id) {
        Member m = member(id);
        m.log.flush();
        m.node.logAdvanced(now);
    }

    /** Each member's state, for failure messages. */
    String describe() {
        StringBuilder b = new StringBuilder("t=" + now);
        for (Member m : members.values()) {
            b.append("\n ").append(m.id).append(m.up ? "" : " (down)").append(isolated.contains(m.id) ? " (cut)" : "")
                .append(" role=").append(m.node.role()).append(" term=").append(m.node.term())
                .append(" commit=").append(m.node.commitIndex()).append(" log=").append(m.log.all())
                .append(" match=").append(m.node.followerMatch());
        }
        return b.toString();
    }
}
