package io.wharf.raft;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One member of a Raft group, as a deterministic state machine: it has no threads, clock or sockets. The host
 * feeds it time ({@link #tick}), messages ({@link #receive}) and local log progress ({@link #logAdvanced}), all on
 * one thread, and it answers through the {@link RaftTransport}, the {@link RaftLog}, the {@link RaftMeta} and the
 * {@link RaftListener}.
 *
 * <p>Roles and their transitions:
 * <ul>
 *   <li>FOLLOWER → PRE_CANDIDATE when no leader was heard for the randomized election timeout;</li>
 *   <li>PRE_CANDIDATE → CANDIDATE (term + 1, votes for itself) once a majority would vote for it;
 *       PRE_CANDIDATE → PRE_CANDIDATE when the round times out;</li>
 *   <li>CANDIDATE → LEADER on a majority of votes; CANDIDATE → PRE_CANDIDATE when the round times out;</li>
 *   <li>LEADER → FOLLOWER when it has not heard from a majority for an election timeout (check quorum);</li>
 *   <li>any role → FOLLOWER on a message of a higher term, and a (pre-)candidate → FOLLOWER on an append of its
 *       own term.</li>
 * </ul>
 * A member that heard from a leader within the election timeout refuses (pre-)votes: a member cut off from the
 * group cannot depose a healthy leader when it comes back. A new leader appends a no-op entry, so entries of
 * earlier terms commit with it; it commits an index once a majority (itself counted by its durable index) has it
 * and the entry there is of its own term.
 *
 * <p>Membership changes one voting member at a time ({@link #proposeMembers}): the configuration in effect is the
 * latest configuration entry in the member's log, committed or not (a truncated one falls back to the one before),
 * and every majority is counted in it. A leader proposes a change only when the previous one is committed and it
 * has committed an entry of its own term; a member to be added first follows as a learner ({@link #addLearner})
 * until it has the committed log. A leader that removed itself leads until the change commits, without counting
 * itself, then steps down; a member outside its configuration does not campaign.
 */
public final class RaftNode<E> {
    private final String id;
    private final List<String> initialMembers;
    private List<String> members;
    private List<String> others;
    private long configIndex;
    private final Set<String> learners = new LinkedHashSet<>();
    private final RaftLog<E> log;
    private final RaftMeta meta;
    private final RaftTransport transport;
    private final RaftListener listener;
    private final RaftOptions options;
    private final RandomGenerator random;
    private RoleState state;
    private String leaderId;
    private long commitIndex;
    private long now;

    /**
     * A member that starts as a follower. One that is not in {@code members} (a process about to be added) follows
     * without ever campaigning until a configuration entry in its log makes it a member.
     *
     * @param knownCommitted an index the host knows to be committed (for example one persisted before a restart)
     */
    public RaftNode(String id, List<String> members, RaftLog<E> log, RaftMeta meta, RaftTransport transport,
                    RaftListener listener, RaftOptions options, RandomGenerator random, long knownCommitted,
                    long now) {
        this.id = id;
        this.initialMembers = List.copyOf(members);
        this.log = log;
        this.meta = meta;
        this.transport = transport;
        this.listener = listener;
        this.options = options;
        this.random = random;
        this.commitIndex = Math.min(knownCommitted, log.lastIndex());
        this.now = now;
        this.state = new FollowerState(electionDeadline(), Long.MIN_VALUE / 2);
        Configuration c = log.configurationAt(log.lastIndex());
        useConfiguration(c == null ? new Configuration(0, this.initialMembers) : c);
    }

    /** The voting members in effect (the latest configuration entry in this member's log). */
    public List<String> members() {
        return members;
    }

    /** The configuration in effect: its entry's index (0 for the initial one) and members. */
    public Configuration configuration() {
        return new Configuration(configIndex, members);
    }

    /** The members this leader replicates to without counting them (to be added); empty unless leading. */
    public Set<String> learners() {
        return state instanceof LeaderState ? Set.copyOf(learners) : Set.of();
    }

    /**
     * Starts replicating to {@code member} without counting it in any majority, so it can catch up before it is
     * added. Only the leader; the learner is forgotten when leadership changes.
     */
    public void addLearner(String member) {
        LeaderState l = requireLeader();
        if (members.contains(member)) {
            throw new IllegalStateException(member + " is a member already");
        }
        if (learners.add(member)) {
            l.progress.put(member, new FollowerProgress(log.lastIndex() + 1, now));
            sendAppends(l, member, true);
        }
    }

    /**
     * Proposes the configuration {@code next}: the current one with one member added or removed. Returns the
     * index of its entry; its change takes effect at once and is done when that index commits.
     *
     * @throws IllegalStateException when this member does not lead, a change is still in progress, the leader has
     *                               not committed an entry of its term, the change is not of one member, or the
     *                               member to be added is not a learner that has caught up with the commit index
     */
    public long proposeMembers(List<String> next) {
        LeaderState l = requireLeader();
        if (configIndex > commitIndex) {
            throw new IllegalStateException("the change at index " + configIndex + " is not committed yet");
        }
        if (log.termAt(commitIndex) != term()) {
            throw new IllegalStateException("this leader has not committed an entry of its term yet");
        }
        String changed = Configuration.singleChange(members, next);
        if (changed == null) {
            throw new IllegalStateException("a change adds or removes one member: " + members + " -> " + next);
        }
        if (next.contains(changed)) {
            FollowerProgress p = l.progress.get(changed);
            if (!learners.contains(changed) || p == null || p.match < commitIndex) {
                throw new IllegalStateException("add " + changed + " as a learner first and let it catch up (match "
                    + (p == null ? 0 : p.match) + ", commit " + commitIndex + ")");
            }
        }
        long index = log.appendConfiguration(term(), next);
        useConfiguration(new Configuration(index, next));
        logAdvanced(now);
        return index;
    }

    private LeaderState requireLeader() {
        if (!(state instanceof LeaderState l)) {
            throw new IllegalStateException("not the leader (leader: " + leaderId() + ")");
        }
        return l;
    }

    /** Makes {@code c} the configuration in effect; a leader starts or stops tracking the members it adds or drops. */
    private void useConfiguration(Configuration c) {
        this.configIndex = c.index();
        this.members = c.members();
        this.others = members.stream().filter(m -> !m.equals(id)).toList();
        learners.removeAll(members);
        if (state instanceof LeaderState l) {
            for (String m : others) {
                l.progress.computeIfAbsent(m, k -> new FollowerProgress(log.lastIndex() + 1, now));
            }
            l.progress.keySet().removeIf(m -> !others.contains(m) && !learners.contains(m));
        }
    }

    /** After the log changed under the configuration: the latest configuration entry still in it is in effect. */
    private void reloadConfiguration() {
        Configuration c = log.configurationAt(log.lastIndex());
        Configuration now = c == null ? new Configuration(0, initialMembers) : c;
        if (now.index() != configIndex || !now.members().equals(members)) {
            useConfiguration(now);
        }
    }

    public String id() {
        return id;
    }

    public RaftRole role() {
        return state.role();
    }

    public long term() {
        return meta.term();
    }

    /** The leader this member knows of in its term, or null. */
    public String leaderId() {
        return state instanceof LeaderState ? id : leaderId;
    }

    public long commitIndex() {
        return commitIndex;
    }

    /** Each follower's match index as this leader knows it; empty unless leading. */
    public Map<String, Long> followerMatch() {
        if (!(state instanceof LeaderState l)) {
            return Map.of();
        }
        Map<String, Long> m = new TreeMap<>();
        l.progress.forEach((k, v) -> m.put(k, v.match));
        return m;
    }

    /** How many followers answered this leader within the election timeout; 0 unless leading. */
    public int reachableFollowers() {
        if (!(state instanceof LeaderState l)) {
            return 0;
        }
        int n = 0;
        for (String m : others) {
            FollowerProgress p = l.progress.get(m);
            if (p != null && now - p.lastHeard < options.electionTimeoutMs() && p.lastHeard > l.since) {
                n++;
            }
        }
        return n;
    }

    /** Time passes: election and heartbeat timers. */
    public void tick(long nowMs) {
        advanceClock(nowMs);
        switch (state) {
            case FollowerState f -> {
                if (now >= f.electionDeadline && members.contains(id)) {
                    startPreVote();
                }
            }
            case CandidateState c -> {
                if (now >= c.deadline && members.contains(id)) {
                    startPreVote();
                } else if (now >= c.deadline) {
                    becomeFollower(term(), null);
                }
            }
            case LeaderState l -> leaderTick(l);
        }
    }

    /** The leader's log gained entries or durability (the host appended client entries, or a flush finished). */
    public void logAdvanced(long nowMs) {
        advanceClock(nowMs);
        if (state instanceof LeaderState l) {
            maybeCommit(l);
            for (String f : List.copyOf(l.progress.keySet())) {
                sendAppends(l, f, false);
            }
        }
    }

    /** A message from another member. */
    public void receive(RaftMessage message, long nowMs) {
        advanceClock(nowMs);
        if (!id.equals(message.to())) {
            return;
        }
        // Requests are served whatever this member's configuration says (as in the Raft thesis, §4.1): a member
        // that has not seen the latest change yet must still vote for, and follow, the members of the new one.
        // Only votes of members are counted; a removed member's vote requests are kept off by the leader lease.
        if (message.term() > term() && !stepUpFor(message)) {
            return;
        }
        switch (message) {
            case VoteRequest v -> onVoteRequest(v);
            case VoteResponse v -> onVoteResponse(v);
            case AppendRequest<?> a -> onAppend(cast(a));
            case AppendResponse a -> onAppendResponse(a);
            case SnapshotOffer o -> onSnapshotOffer(o);
        }
    }

    private void advanceClock(long nowMs) {
        now = Math.max(now, nowMs);
    }

    @SuppressWarnings("unchecked")
    private AppendRequest<E> cast(AppendRequest<?> a) {
        return (AppendRequest<E>) a;
    }

    /**
     * A message of a higher term arrived. Pre-vote requests and granted pre-vote answers do not change terms; a
     * vote request within the lease of a live leader is ignored. Returns whether to go on handling the message.
     */
    private boolean stepUpFor(RaftMessage message) {
        if (message instanceof VoteRequest v) {
            if (inLeaderLease()) {
                return false;
            }
            if (v.preVote()) {
                return true;
            }
        }
        if (message instanceof VoteResponse v && v.preVote() && v.granted()) {
            return true;
        }
        String leader = message instanceof AppendRequest<?> || message instanceof SnapshotOffer ? message.from()
            : null;
        becomeFollower(message.term(), leader);
        return true;
    }

    private boolean inLeaderLease() {
        return switch (state) {
            case LeaderState l -> true;
            case FollowerState f -> now - f.lastLeaderContact < options.electionTimeoutMs();
            case CandidateState c -> false;
        };
    }

    private void onVoteRequest(VoteRequest v) {
        boolean upToDate = v.lastTerm() > log.termAt(log.lastIndex())
            || (v.lastTerm() == log.termAt(log.lastIndex()) && v.lastIndex() >= log.lastIndex());
        boolean granted;
        if (v.preVote()) {
            granted = v.term() > term() && upToDate && !inLeaderLease();
            transport.send(new VoteResponse(granted ? v.term() : term(), id, v.from(), granted, true));
            return;
        }
        String voted = meta.votedFor();
        granted = v.term() == term() && upToDate && (voted == null || voted.equals(v.from()));
        if (granted) {
            if (voted == null) {
                meta.save(term(), v.from());
            }
            if (state instanceof FollowerState f) {
                f.electionDeadline = electionDeadline();
            }
        }
        transport.send(new VoteResponse(term(), id, v.from(), granted, false));
    }

    private void onVoteResponse(VoteResponse v) {
        if (!(state instanceof CandidateState c) || c.preVote != v.preVote() || !v.granted()) {
            return;
        }
        if (!c.preVote && v.term() != term() || c.preVote && v.term() != term() + 1) {
            return;
        }
        c.granted.add(v.from());
        if (votesIn(c.granted) >= majority()) {
            if (c.preVote) {
                startElection();
            } else {
                becomeLeader();
            }
        }
    }

    private void startPreVote() {
        // A pre-vote round disturbs nobody, so a refused one (a member still heard from the old leader a moment
        // ago) is retried sooner than an election round: after a random time in [timeout / 2, timeout).
        long half = options.electionTimeoutMs() / 2;
        CandidateState c = new CandidateState(true, now + half + random.nextLong(Math.max(1, half)), id);
        setState(c, null, term());
        if (votesIn(c.granted) >= majority()) {
            startElection();
            return;
        }
        long lastIndex = log.lastIndex();
        for (String m : others) {
            transport.send(new VoteRequest(term() + 1, id, m, lastIndex, log.termAt(lastIndex), true));
        }
    }

    private void startElection() {
        long before = term();
        meta.save(before + 1, id);
        CandidateState c = new CandidateState(false, electionDeadline(), id);
        setState(c, null, before);
        if (votesIn(c.granted) >= majority()) {
            becomeLeader();
            return;
        }
        long lastIndex = log.lastIndex();
        for (String m : others) {
            transport.send(new VoteRequest(term(), id, m, lastIndex, log.termAt(lastIndex), false));
        }
    }

    private void becomeLeader() {
        LeaderState l = new LeaderState(others, log.lastIndex() + 1, now);
        learners.clear();
        setState(l, id, term());
        log.appendNoop(term());
        logAdvanced(now);
        l.nextHeartbeat = now + options.heartbeatIntervalMs();
    }

    private void becomeFollower(long newTerm, String leader) {
        long lastContact = state instanceof FollowerState f ? f.lastLeaderContact : Long.MIN_VALUE / 2;
        long before = term();
        if (newTerm > before) {
            meta.save(newTerm, null);
        }
        setState(new FollowerState(electionDeadline(), lastContact), leader, before);
    }

    /** Switches role; tells the listener when role, term or leader changed ({@code termBefore}: before the move). */
    private void setState(RoleState next, String leader, long termBefore) {
        RaftRole before = state.role();
        String leaderBefore = leaderId();
        state = next;
        leaderId = leader;
        if (before != next.role() || !Objects.equals(leaderBefore, leaderId()) || termBefore != term()
            || next instanceof CandidateState) {
            listener.roleChanged(next.role(), term(), leaderId());
        }
    }

    /**
     * A message from a leader: refused (false) when its term is old; otherwise this member follows it, and its
     * election timer starts again.
     */
    private boolean heardFromLeader(long leaderTerm, String from) {
        if (leaderTerm < term()) {
            transport.send(new AppendResponse(term(), id, from, false, 0, 0));
            return false;
        }
        if (!(state instanceof FollowerState) || !from.equals(leaderId)) {
            becomeFollower(leaderTerm, from);
        }
        FollowerState f = (FollowerState) state;
        f.lastLeaderContact = now;
        f.electionDeadline = electionDeadline();
        return true;
    }

    private void onAppend(AppendRequest<E> a) {
        if (!heardFromLeader(a.term(), a.from())) {
            return;
        }
        long last = log.lastIndex();
        if (a.prevIndex() > last) {
            transport.send(new AppendResponse(term(), id, a.from(), false, 0, last + 1));
            return;
        }
        // Below the commit index, or deleted here (only committed entries are), an entry is the leader's too.
        long held = Math.max(commitIndex, log.firstIndex() - 1);
        if (a.prevIndex() > held && log.termAt(a.prevIndex()) != a.prevTerm()) {
            transport.send(new AppendResponse(term(), id, a.from(), false, 0, firstOfTerm(a.prevIndex())));
            return;
        }
        long match = appendFrom(a);
        long newCommit = Math.min(a.commitIndex(), match);
        if (newCommit > commitIndex) {
            commitIndex = newCommit;
            listener.committed(commitIndex);
        }
        transport.send(new AppendResponse(term(), id, a.from(), true, match, 0));
    }

    /**
     * The leader cannot send what this member needs next. If this log agrees with the leader's at the leader's
     * first index F, appends resume past a point both hold (the usual conflict answer): past F when the terms at F
     * are equal (then everything up to F is), or at this log's own first index when it deleted F itself (it deletes
     * only committed entries, which every leader has). Otherwise — shorter than F, or another term at F (a stale
     * tail the leader can no longer cut back) — the host rebuilds it from a copy.
     */
    private void onSnapshotOffer(SnapshotOffer o) {
        if (!heardFromLeader(o.term(), o.from())) {
            return;
        }
        long f = o.firstIndex();
        long resume = 0;
        if (log.firstIndex() > f) {
            resume = log.firstIndex();
        } else if (log.lastIndex() >= f && log.termAt(f) == o.firstTerm()) {
            resume = f + 1;
        }
        if (resume > 0) {
            transport.send(new AppendResponse(term(), id, o.from(), false, 0, resume));
        } else {
            listener.snapshotNeeded(o.from(), f);
        }
    }

    /** Skips entries already here, cuts a divergent tail, appends the rest; returns the last index now matching. */
    private long appendFrom(AppendRequest<E> a) {
        List<E> entries = a.entries();
        long index = a.prevIndex();
        int i = 0;
        while (i < entries.size() && index + 1 <= log.lastIndex()) {
            long at = index + 1;
            if (at <= commitIndex || at < log.firstIndex() || log.termAt(at) == log.termOf(entries.get(i))) {
                index = at;
                i++;
                continue;
            }
            log.truncateAfter(index);
            if (configIndex > index) {
                reloadConfiguration();
            }
            break;
        }
        if (i < entries.size()) {
            List<E> added = entries.subList(i, entries.size());
            log.append(added);
            long at = index;
            for (E e : added) {
                at++;
                List<String> set = log.membersOf(e);
                if (set != null) {
                    useConfiguration(new Configuration(at, set));
                }
            }
            index += entries.size() - i;
        }
        if (log.durableIndex() < index) {
            log.flush();
        }
        return index;
    }

    /** The first index of the run of entries that has the term of the one at {@code index}, not below commit. */
    private long firstOfTerm(long index) {
        long t = log.termAt(index);
        long i = index;
        while (i - 1 > commitIndex && i - 1 >= log.firstIndex() && log.termAt(i - 1) == t) {
            i--;
        }
        return Math.max(i, commitIndex + 1);
    }

    private void onAppendResponse(AppendResponse r) {
        if (!(state instanceof LeaderState l) || r.term() != term()) {
            return;
        }
        FollowerProgress p = l.progress.get(r.from());
        if (p == null) {
            return; // a member this leader no longer replicates to
        }
        p.lastHeard = now;
        p.inflight = Math.max(0, p.inflight - 1);
        if (r.success()) {
            if (r.matchIndex() > p.match) {
                p.match = r.matchIndex();
                maybeCommit(l);
            }
            if (p.match >= log.lastIndex()) {
                p.inflight = 0;
            }
            p.next = p.inflight == 0 ? p.match + 1 : Math.max(p.next, p.match + 1);
        } else if (r.conflictIndex() > p.match) {
            p.next = Math.max(p.match + 1, Math.min(r.conflictIndex(), log.lastIndex() + 1));
            p.inflight = 0;
        } else if (r.conflictIndex() > 0) {
            // The follower lacks what it once acknowledged: it lost its disk (or this answer is older than
            // others). Lowering match never lowers the commit index; the entries are simply sent again.
            p.match = r.conflictIndex() - 1;
            p.next = r.conflictIndex();
            p.inflight = 0;
        }
        sendAppends(l, r.from(), false);
    }

    private void leaderTick(LeaderState l) {
        if (now - l.since >= options.electionTimeoutMs()) {
            int heard = members.contains(id) ? 1 : 0;
            for (String m : others) {
                FollowerProgress p = l.progress.get(m);
                if (p != null && now - p.lastHeard < options.electionTimeoutMs()) {
                    heard++;
                }
            }
            if (heard < majority()) {
                becomeFollower(term(), null);
                return;
            }
        }
        if (now >= l.nextHeartbeat) {
            l.nextHeartbeat = now + options.heartbeatIntervalMs();
            for (Map.Entry<String, FollowerProgress> e : l.progress.entrySet()) {
                FollowerProgress p = e.getValue();
                if (p.match < log.lastIndex() && now - p.lastSent >= 3 * options.heartbeatIntervalMs()) {
                    p.probe();
                }
                sendAppends(l, e.getKey(), true);
            }
        }
    }

    /** Sends what the follower lacks while the pipeline has room; a heartbeat when asked and nothing is due. */
    private void sendAppends(LeaderState l, String follower, boolean heartbeat) {
        FollowerProgress p = l.progress.get(follower);
        if (state != l || p == null) {
            return; // stepped down meanwhile (a removed leader whose change committed), or no longer replicated to
        }
        long first = log.firstIndex();
        if (first > 1 && p.next <= first) {
            // The entry before p.next (or p.next itself) was deleted: appends cannot reach this follower.
            if (heartbeat || !p.snapshotOffered) {
                transport.send(new SnapshotOffer(term(), id, follower, first, log.termAt(first), commitIndex));
                p.snapshotOffered = true;
                p.lastSent = now;
            }
            return;
        }
        p.snapshotOffered = false;
        boolean sent = false;
        while (p.inflight < options.maxInflight() && p.next <= log.lastIndex()) {
            long prev = p.next - 1;
            List<E> entries = log.entries(p.next, options.maxBatchBytes());
            if (entries.isEmpty()) {
                break;
            }
            transport.send(new AppendRequest<>(term(), id, follower, prev, log.termAt(prev), commitIndex,
                entries));
            p.next += entries.size();
            p.inflight++;
            p.lastSent = now;
            sent = true;
        }
        if (heartbeat && !sent) {
            // A match below the first held index has no known term (and 0 would confirm nothing for a follower
            // whose log starts past it): check against the entry before next instead.
            long prev = p.match >= first || first == 1 ? p.match : p.next - 1;
            transport.send(new AppendRequest<E>(term(), id, follower, prev, log.termAt(prev), commitIndex,
                List.of()));
            p.inflight++;
        }
    }

    private void maybeCommit(LeaderState l) {
        List<Long> matches = new ArrayList<>(members.size());
        if (members.contains(id)) {
            matches.add(Math.min(log.durableIndex(), log.lastIndex()));
        }
        for (String m : others) {
            FollowerProgress p = l.progress.get(m);
            matches.add(p == null ? 0 : p.match);
        }
        matches.sort(null);
        long candidate = matches.get(matches.size() - majority());
        if (candidate > commitIndex && log.termAt(candidate) == term()) {
            commitIndex = candidate;
            listener.committed(commitIndex);
        }
        if (!members.contains(id) && commitIndex >= configIndex) {
            // The change that removed this leader is committed: the others go on without it.
            becomeFollower(term(), null);
        }
    }

    private int majority() {
        return members.size() / 2 + 1;
    }

    /** How many of {@code voters} are members of the configuration in effect. */
    private int votesIn(Set<String> voters) {
        int n = 0;
        for (String v : voters) {
            if (members.contains(v)) {
                n++;
            }
        }
        return n;
    }

    private long electionDeadline() {
        return now + options.electionTimeoutMs() + random.nextLong(options.electionTimeoutMs());
    }
}
