package io.wharf.raft.sim;

import io.wharf.raft.RaftListener;
import io.wharf.raft.RaftMessage;
import io.wharf.raft.RaftNode;
import io.wharf.raft.RaftOptions;
import io.wharf.raft.RaftRole;
import io.wharf.raft.TestEntry;
import io.wharf.raft.TestLog;
import io.wharf.raft.TestMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A seeded simulation of a Raft group: an injected clock, an in-memory network that drops, delays, duplicates
 * and reorders messages and can be partitioned, crashes that lose unflushed log entries, and client writes at
 * whoever leads. Named invariants are checked after every step; a violation throws with the seed's history.
 */
final class SimCluster {
    static final RaftOptions OPTIONS = new RaftOptions(150, 30, 16 * 8, 4);

    private final Random random;
    private final List<String> ids = new ArrayList<>();
    /** The configuration the group started with (spares, not in it, are started later to be added). */
    private final List<String> initial = new ArrayList<>();
    /** Members that crashed for good (never restarted: a machine to replace). */
    private final Set<String> dead = new HashSet<>();
    private int configurationChanges;
    private final Map<String, Member> members = new HashMap<>();
    private final PriorityQueue<Delivery> network = new PriorityQueue<>();
    private final Set<String> isolated = new HashSet<>();
    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final Map<Long, TestEntry> committed = new HashMap<>();
    private final List<Write> pending = new ArrayList<>();
    private final List<Write> acknowledged = new ArrayList<>();
    private long maxCommitted;
    private long now;
    private long sequence;
    private int writes;
    private boolean writesOn = true;
    /** Retention on: members delete committed entries now and then, and lagging ones are rebuilt from copies. */
    boolean retention;
    private int copies;
    double dropRate = 0.05;
    double duplicateRate = 0.02;
    int maxDelayMs = 20;

    private record Delivery(long at, long seq, RaftMessage message) implements Comparable<Delivery> {
        @Override
        public int compareTo(Delivery o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    /** A client write: where it was appended, and what. */
    record Write(String node, long term, long index, TestEntry entry) {
    }

    /** One simulated process: durable log and meta survive a crash; the node object does not. */
    private final class Member {
        final String id;
        final TestLog log;
        final TestMeta meta = new TestMeta();
        RaftNode<TestEntry> node;
        boolean up;
        long commitSeen;
        long restartAt;

        Member(String id) {
            this.id = id;
            this.log = new TestLog((index, entry) -> {
                if (entry.equals(committed.get(index))) {
                    throw violation("CommittedNeverTruncated", "node " + id + " truncated committed index " + index);
                }
            });
        }

        /** The configuration a fresh process is started with: the group's, or (a spare) the group's plus itself. */
        List<String> startMembers = initial;

        void start(long knownCommitted) {
            commitSeen = Math.min(knownCommitted, log.lastIndex());
            node = new RaftNode<>(id, startMembers, log, meta, SimCluster.this::send, listener(this), OPTIONS,
                new Random(random.nextLong()), commitSeen, now);
            up = true;
        }
    }

    SimCluster(long seed, int size) {
        this(seed, size, 0);
    }

    /** A group of {@code size} members, and {@code spares} more processes not started yet (to be added). */
    SimCluster(long seed, int size, int spares) {
        this.random = new Random(seed);
        for (int i = 1; i <= size + spares; i++) {
            ids.add("n" + i);
        }
        initial.addAll(ids.subList(0, size));
        for (String id : ids) {
            members.put(id, new Member(id));
        }
        for (String id : initial) {
            members.get(id).start(0);
        }
        for (String id : ids.subList(size, ids.size())) {
            members.get(id).restartAt = Long.MAX_VALUE;
        }
    }

    /**
     * Starts spare {@code id} with an empty log, knowing the group as {@code members} (without itself) until its
     * log says more: it follows, and never campaigns before a configuration entry adds it.
     */
    void startSpare(String id, List<String> members) {
        Member m = this.members.get(id);
        if (m.node == null) {
            m.startMembers = List.copyOf(members);
            m.start(0);
        }
    }

    /** Crashes {@code id} for good: its process never comes back (the machine is gone). */
    void killForGood(String id) {
        Member m = members.get(id);
        m.up = false;
        m.log.crash();
        m.restartAt = Long.MAX_VALUE;
        dead.add(id);
        pending.removeIf(w -> w.node().equals(id));
    }

    /**
     * One attempt to move the group towards {@code target} (one member away from its configuration): at the
     * leader, make the member to add a learner, then propose. True once the leader's configuration is
     * {@code target} and committed.
     */
    boolean reconfigure(List<String> target) {
        Member leader = null;
        for (Member m : members.values()) {
            if (m.up && m.node.role() == RaftRole.LEADER) {
                leader = m;
            }
        }
        if (leader == null) {
            return false;
        }
        RaftNode<TestEntry> n = leader.node;
        if (n.members().equals(target) && n.commitIndex() >= n.configuration().index()) {
            return true;
        }
        for (String m : target) {
            if (!n.members().contains(m) && !n.learners().contains(m)) {
                try {
                    n.addLearner(m);
                } catch (IllegalStateException e) {
                    return false;
                }
            }
        }
        try {
            n.proposeMembers(target);
            configurationChanges++;
        } catch (IllegalStateException e) {
            // not yet: the previous change, the leader's first commit or the learner's catch-up is pending
        }
        return false;
    }

    /** How many times a member was rebuilt from a copy of the leader's log. */
    int copies() {
        return copies;
    }

    int configurationChanges() {
        return configurationChanges;
    }

    private RaftListener listener(Member m) {
        return new RaftListener() {
            @Override
            public void roleChanged(RaftRole role, long term, String leaderId) {
                if (role == RaftRole.LEADER) {
                    String before = leaderOfTerm.putIfAbsent(term, m.id);
                    if (before != null && !before.equals(m.id)) {
                        throw violation("SingleLeaderPerTerm", before + " and " + m.id + " both lead term " + term);
                    }
                    for (Map.Entry<Long, TestEntry> c : committed.entrySet()) {
                        if (c.getKey() > m.log.lastIndex() || !m.log.at(c.getKey()).equals(c.getValue())) {
                            throw violation("LeaderCompleteness", m.id + " leads term " + term
                                + " without committed index " + c.getKey());
                        }
                    }
                }
                pending.removeIf(w -> w.node().equals(m.id) && (role != RaftRole.LEADER || w.term() != term));
            }

            @Override
            public void snapshotNeeded(String leaderId, long leaderFirstIndex) {
                Member source = members.get(leaderId);
                if (!m.up || source == null || !source.up || source.node.role() != RaftRole.LEADER) {
                    return;
                }
                // The host copies the leader's log up to its commit index and restarts the member over it.
                long upTo = source.node.commitIndex();
                for (Map.Entry<Long, TestEntry> c : committed.entrySet()) {
                    if (c.getKey() <= upTo && !c.getValue().equals(source.log.at(c.getKey()))) {
                        throw violation("CopyHoldsTheCommittedLog", leaderId + " would copy " + source.log.at(
                            c.getKey()) + " at committed index " + c.getKey());
                    }
                }
                m.up = false;
                m.log.installCopy(source.log, upTo);
                m.commitSeen = Math.min(m.commitSeen, upTo);
                m.restartAt = now + random.nextInt(50);
                copies++;
            }

            @Override
            public void committed(long commitIndex) {
                if (commitIndex < m.commitSeen) {
                    throw violation("CommitIndexNeverGoesBack", m.id + " commit " + m.commitSeen + " -> "
                        + commitIndex);
                }
                for (long i = m.commitSeen + 1; i <= commitIndex; i++) {
                    TestEntry e = m.log.at(i);
                    TestEntry before = committed.putIfAbsent(i, e);
                    if (before != null && !before.equals(e)) {
                        throw violation("CommittedEntriesNeverChange", "index " + i + " committed as " + before
                            + " and as " + e + " on " + m.id);
                    }
                }
                if (m.node != null && m.node.role() == RaftRole.LEADER) {
                    checkOnMajorityOf(m.node.members(), commitIndex);
                }
                m.commitSeen = commitIndex;
                maxCommitted = Math.max(maxCommitted, commitIndex);
                pending.removeIf(w -> {
                    if (w.node().equals(m.id) && w.index() <= commitIndex) {
                        acknowledged.add(w);
                        return true;
                    }
                    return false;
                });
            }
        };
    }

    private void send(RaftMessage message) {
        if (isolated.contains(message.from()) || isolated.contains(message.to()) || random.nextDouble() < dropRate) {
            return;
        }
        int copies = random.nextDouble() < duplicateRate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            network.add(new Delivery(now + 1 + random.nextInt(maxDelayMs), sequence++, message));
        }
    }

    /** One step: time moves on, due messages arrive, timers fire, and perhaps a fault or a write happens. */
    void step(boolean faults) {
        now += 1 + random.nextInt(5);
        while (!network.isEmpty() && network.peek().at() <= now) {
            RaftMessage m = network.poll().message();
            Member to = members.get(m.to());
            if (to != null && to.up && !isolated.contains(m.to()) && !isolated.contains(m.from())) {
                to.node.receive(m, now);
            }
        }
        for (String id : ids) {
            Member m = members.get(id);
            if (m.up) {
                m.node.tick(now);
            } else if (m.node != null && now >= m.restartAt) {
                m.start(Math.min(m.commitSeen, m.log.durableIndex()));
            }
        }
        for (Member m : members.values()) {
            if (m.up && m.node.role() == RaftRole.LEADER) {
                if (writesOn && random.nextInt(3) == 0) {
                    write(m);
                }
                if (random.nextInt(2) == 0) {
                    m.log.flush();
                    m.node.logAdvanced(now);
                }
            }
        }
        if (faults) {
            fault();
        }
        if (retention && random.nextInt(50) == 0) {
            Member m = members.get(ids.get(random.nextInt(ids.size())));
            // Retention deletes only what this member knows to be committed, and keeps the newest entries.
            long upTo = Math.min(m.commitSeen, m.log.durableIndex()) - random.nextInt(8);
            if (m.node != null && upTo > m.log.firstIndex()) {
                m.log.compactBefore(upTo);
            }
        }
        checkCommittedOnMajority();
        if (configurationChanges > 0) {
            for (Member m : members.values()) {
                if (m.up && m.node.role() == RaftRole.LEADER) {
                    checkConfigurations(m);
                }
            }
        }
    }

    private void write(Member leader) {
        TestEntry e = new TestEntry(leader.node.term(), "w" + writes++);
        long index = leader.log.appendClient(e);
        pending.add(new Write(leader.id, e.term(), index, e));
        leader.node.logAdvanced(now);
    }

    private void fault() {
        int roll = random.nextInt(1000);
        if (roll < 3) {
            Member victim = members.get(ids.get(random.nextInt(ids.size())));
            if (victim.up && !dead.contains(victim.id)) {
                victim.up = false;
                victim.log.crash();
                victim.restartAt = now + random.nextInt(400);
                pending.removeIf(w -> w.node().equals(victim.id));
            }
        } else if (roll < 6) {
            isolated.add(ids.get(random.nextInt(ids.size())));
        } else if (roll < 12) {
            isolated.clear();
        }
    }

    /** An index a leader commits is in the durable log of a majority of the configuration it counted in. */
    private void checkOnMajorityOf(List<String> configuration, long index) {
        TestEntry e = committed.get(index);
        int holders = 0;
        for (String id : configuration) {
            Member m = members.get(id);
            if (m.log.durableIndex() >= index && e.equals(m.log.at(index))) {
                holders++;
            }
        }
        if (holders < configuration.size() / 2 + 1) {
            throw violation("CommittedOnMajorityOfItsConfiguration", "index " + index + " durable on " + holders
                + " of " + configuration);
        }
    }

    /**
     * With one leader's log: at most one configuration entry above its commit index (OneChangeAtATime), and each
     * configuration entry one member away from the one before it (ChangesOfOneMember).
     */
    private void checkConfigurations(Member leader) {
        List<String> before = initial;
        int uncommitted = 0;
        for (long i = 1; i <= leader.log.lastIndex(); i++) {
            List<String> next = leader.log.membersOf(leader.log.at(i));
            if (next == null) {
                continue;
            }
            List<String> previous = before;
            long changed = next.stream().filter(x -> !previous.contains(x)).count()
                + previous.stream().filter(x -> !next.contains(x)).count();
            if (changed != 1) {
                throw violation("ChangesOfOneMember", leader.id + " index " + i + ": " + before + " -> " + next);
            }
            if (i > leader.node.commitIndex()) {
                uncommitted++;
            }
            before = next;
        }
        if (uncommitted > 1) {
            throw violation("OneChangeAtATime", leader.id + " has " + uncommitted + " uncommitted changes");
        }
    }

    /** Every index ever committed is in the durable log of a majority. */
    private void checkCommittedOnMajority() {
        if (maxCommitted == 0 || configurationChanges > 0) {
            return; // with changes, the check at commit time, against the committing configuration, applies
        }
        TestEntry e = committed.get(maxCommitted);
        int holders = 0;
        for (String id : initial) {
            Member m = members.get(id);
            if (m.log.durableIndex() >= maxCommitted && m.log.at(maxCommitted).equals(e)) {
                holders++;
            }
        }
        if (holders < initial.size() / 2 + 1) {
            throw violation("CommittedOnMajority", "index " + maxCommitted + " durable on only " + holders);
        }
    }

    /** Ends every fault and runs on until the group is quiet; then every acknowledged write is on every member. */
    void healAndSettle() {
        isolated.clear();
        dropRate = 0;
        duplicateRate = 0;
        for (Member m : members.values()) {
            if (m.node != null && !dead.contains(m.id)) {
                m.restartAt = Math.min(m.restartAt, now);
            }
        }
        long until = now + 40 * OPTIONS.electionTimeoutMs();
        while (now < until) {
            step(false);
        }
        writesOn = false;
        long end = now + 10 * OPTIONS.electionTimeoutMs();
        while (now < end) {
            step(false);
        }
    }

    String leader() {
        for (Member m : members.values()) {
            if (m.up && m.node.role() == RaftRole.LEADER) {
                return m.id;
            }
        }
        return null;
    }

    List<Write> acknowledged() {
        return acknowledged;
    }

    /** The entry at {@code index} on {@code id}, or null if its log is shorter. */
    TestEntry entryOn(String id, long index) {
        Member m = members.get(id);
        return index <= m.log.lastIndex() ? m.log.at(index) : null;
    }

    long commitIndexOf(String id) {
        return members.get(id).node.commitIndex();
    }

    List<String> ids() {
        return ids;
    }

    /** The configuration the leader has committed (null without a leader). */
    List<String> committedMembers() {
        String l = leader();
        if (l == null) {
            return null;
        }
        RaftNode<TestEntry> n = members.get(l).node;
        return n.commitIndex() >= n.configuration().index() ? n.members() : null;
    }

    long maxCommitted() {
        return maxCommitted;
    }

    /** Each member's state, for failure messages. */
    String describe() {
        StringBuilder b = new StringBuilder("t=" + now);
        for (String id : ids) {
            Member m = members.get(id);
            if (m.node == null) {
                b.append("\n ").append(id).append(" (not started)");
                continue;
            }
            b.append("\n ").append(id).append(" up=").append(m.up).append(" role=").append(m.node.role())
                .append(" term=").append(m.node.term()).append(" last=").append(m.log.lastIndex())
                .append(" durable=").append(m.log.durableIndex()).append(" commit=").append(m.node.commitIndex())
                .append(" match=").append(m.node.followerMatch()).append(" members=").append(m.node.members());
        }
        return b.toString();
    }

    private AssertionError violation(String invariant, String detail) {
        return new AssertionError(invariant + " violated at t=" + now + ": " + detail);
    }
}
