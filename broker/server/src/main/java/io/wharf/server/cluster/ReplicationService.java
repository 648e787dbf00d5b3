package io.wharf.server.cluster;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Status;
import io.wharf.raft.RaftListener;
import io.wharf.raft.RaftMessage;
import io.wharf.raft.RaftNode;
import io.wharf.raft.RaftRole;
import io.wharf.server.common.BrokerException;
import io.wharf.store.common.AppendStatus;
import io.wharf.store.MessageStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts this node's {@link RaftNode} over the message store: one thread ("wharf-raft") runs every Raft step,
 * ticks every 10 ms, carries messages to and from the other members, moves the store's commit watermark (only
 * committed records are dispatched to consume queues, on every member), and settles the sends waiting for the
 * majority. On becoming leader it opens the store to local appends in its term; on stepping down it closes them
 * (under the store's append lock, so no stale append can follow) and fails the waiting sends with NOT_LEADER.
 *
 * <p>Fail-stop: when a Raft step throws (the store failed, the vote could not be persisted), the node stops
 * taking part — it neither votes nor acknowledges again — and reports itself failed.
 */
public final class ReplicationService implements Leadership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationService.class);
    private static final long TICK_MS = 10;

    private final ClusterConfig config;
    /** Every member's (and learner's) client address: the started configuration, then what the log says. */
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final MessageStore store;
    private final LongSupplier monotonicMs;
    private final ScheduledExecutorService thread;
    private final PeerLinks links;
    private final BatchedAcks acks;
    private final ConcurrentLinkedQueue<RaftMessage> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final RaftNode<ByteBuffer> node;
    private final CommitWaiters waiters = new CommitWaiters();
    private final AtomicBoolean kickPending = new AtomicBoolean();
    private final AtomicBoolean settlePending = new AtomicBoolean();
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private volatile RaftRole role = RaftRole.FOLLOWER;
    private volatile long term;
    private volatile String leaderId;
    private volatile long commitIndex;
    private volatile Throwable failure;
    private volatile boolean active;
    private volatile long noopIndex;
    private boolean activating;
    private volatile SnapshotFetcher fetcher;
    private final ExecutorService leadershipThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wharf-leadership");
        t.setDaemon(true);
        return t;
    });

    /**
     * Told, on the "wharf-leadership" thread, when this node starts serving as leader (after the entries of
     * earlier terms are committed and dispatched, so the state files are the group's) and when it stops.
     */
    public interface LeadershipListener {
        void leadershipChanged(boolean leading, long term);
    }

    public ReplicationService(ClusterConfig config, MessageStore store, Path raftDir, int maxFrameBytes,
                              LongSupplier monotonicMs) {
        this.config = config;
        this.store = store;
        this.monotonicMs = monotonicMs;
        store.closeLocalAppends();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-raft");
            t.setDaemon(true);
            return t;
        });
        addresses.putAll(config.members());
        this.links = new PeerLinks(addresses, maxFrameBytes, config.memberCredentials(),
            config.tls() == null ? null : config.tls().peerContext());
        this.acks = new BatchedAcks(links, store);
        FileRaftMeta meta = new FileRaftMeta(raftDir);
        StoreRaftLog log = new StoreRaftLog(store, config.self(), f -> {
            noopIndex = store.endPosition().index();
            f.whenComplete((r, e) -> kick());
        }, acks::forceRequested, addresses::get, this::configurationChanged, this::kick);
        this.term = meta.term();
        this.node = new RaftNode<>(config.self(), List.copyOf(config.members().keySet()), log, meta, acks,
            new Listener(), config.raft(), new SplittableRandom(), store.commitWatermark(), monotonicMs.getAsLong());
        this.commitIndex = node.commitIndex();
    }

    /**
     * Lets this member be rebuilt from the leader's store when the leader deleted what it needs: the copy goes to
     * {@code <dataDir>/snapshot-incoming} and {@code onReady} is told once it is complete (the owner then closes
     * the node and starts it again, which installs the copy).
     */
    public void rebuildFromLeader(Path dataDir, int maxFrameBytes, Runnable onReady) {
        this.fetcher = new SnapshotFetcher(dataDir, maxFrameBytes, config.memberCredentials(),
            config.tls() == null ? null : config.tls().peerContext(), p -> onReady.run());
    }

    /** A configuration took effect in the log: its members' addresses join the address book (raft thread). */
    private void configurationChanged(Map<String, String> members) {
        addresses.putAll(members);
        LOG.info("member {}: the group's configuration is now {}", config.self(), members);
    }

    /** The members and learners this node knows an address for (whose links may authenticate as members). */
    public Set<String> knownMembers() {
        return Set.copyOf(addresses.keySet());
    }

    /**
     * Adds a member (leader only): it follows as a learner until it has the committed log, then the configuration
     * with it is proposed; completes with the new members once that change is committed, or fails (not the
     * leader, a change already under way, no catch-up within {@code timeoutMs}).
     */
    public CompletableFuture<List<String>> addMember(String id, String address, long timeoutMs) {
        return change(timeoutMs, members -> {
            if (members.contains(id)) {
                throw new IllegalStateException(id + " is a member already");
            }
            addresses.put(id, address);
            node.addLearner(id);
            LOG.info("member {}: {} at {} follows as a learner until it caught up", config.self(), id, address);
            List<String> target = new ArrayList<>(members);
            target.add(id);
            return target;
        });
    }

    /** Removes a member (leader only, possibly itself); completes with the new members once committed. */
    public CompletableFuture<List<String>> removeMember(String id, long timeoutMs) {
        return change(timeoutMs, members -> {
            if (!members.contains(id)) {
                throw new IllegalStateException(id + " is not a member");
            }
            List<String> target = new ArrayList<>(members);
            target.remove(id);
            return target;
        });
    }

    /** On the raft thread: checks this node serves, derives the target from the members, and proposes it. */
    private CompletableFuture<List<String>> change(long timeoutMs,
                                                   UnaryOperator<List<String>> target) {
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        long deadline = monotonicMs.getAsLong() + timeoutMs;
        step(() -> {
            List<String> next;
            try {
                requireServing();
                next = target.apply(node.members());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            proposeWhenReady(next, deadline, done);
        });
        return done;
    }

    private void requireServing() {
        if (!isLeader()) {
            throw new BrokerException(Status.NOT_LEADER, NotLeader.message(leaderAddress()));
        }
    }

    /** On the raft thread: proposes {@code target} once the core accepts it, then waits for its commit. */
    private void proposeWhenReady(List<String> target, long deadline, CompletableFuture<List<String>> done) {
        if (done.isDone()) {
            return;
        }
        if (monotonicMs.getAsLong() > deadline) {
            done.completeExceptionally(new IllegalStateException("the change to " + target
                + " did not complete in time (learners " + node.learners() + ", match " + node.followerMatch()
                + ", commit " + node.commitIndex() + ")"));
            return;
        }
        if (node.members().equals(target)) {
            if (node.commitIndex() >= node.configuration().index()) {
                forgetRemoved();
                done.complete(target);
                return;
            }
        } else if (node.role() != RaftRole.LEADER) {
            done.completeExceptionally(new BrokerException(Status.NOT_LEADER, NotLeader.message(leaderAddress())));
            return;
        } else {
            try {
                node.proposeMembers(target);
                acks.endOfBatch();
                LOG.info("member {} proposed the configuration {}", config.self(), target);
            } catch (IllegalStateException notYet) {
                LOG.debug("configuration {} not proposed yet: {}", target, notYet.getMessage());
            }
        }
        thread.schedule(() -> step(() -> proposeWhenReady(target, deadline, done)), 50, TimeUnit.MILLISECONDS);
    }

    /** Drops the links and addresses of those neither member nor learner any more. */
    private void forgetRemoved() {
        for (String id : List.copyOf(addresses.keySet())) {
            if (!node.members().contains(id) && !node.learners().contains(id) && !id.equals(config.self())) {
                addresses.remove(id);
                links.forget(id);
            }
        }
    }

    /** Starts ticking. */
    public void start() {
        thread.scheduleWithFixedDelay(() -> step(this::tick), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("member {} of group {} started: term {}, log ends at {}, commit index {}", config.self(),
            node.members(), term, store.endPosition().index(), commitIndex);
    }

    public void addListener(LeadershipListener listener) {
        listeners.add(listener);
    }

    /** A message from another member (any thread). */
    public void receive(RaftMessage message) {
        inbox.add(message);
        if (drainPending.compareAndSet(false, true)) {
            step(this::drainInbox);
        }
    }

    /** Handles every message that arrived, then forces once for all the appends among them (group commit). */
    private void drainInbox() {
        drainPending.set(false);
        try {
            for (RaftMessage m; (m = inbox.poll()) != null; ) {
                node.receive(m, monotonicMs.getAsLong());
            }
        } finally {
            acks.endOfBatch();
        }
    }

    /** The leader appended or flushed: replicate and recompute the commit index (coalesced; any thread). */
    public void kick() {
        if (role == RaftRole.LEADER && kickPending.compareAndSet(false, true)) {
            step(() -> {
                kickPending.set(false);
                node.logAdvanced(monotonicMs.getAsLong());
                acks.endOfBatch();
            });
        }
    }

    private void tick() {
        long now = monotonicMs.getAsLong();
        node.tick(now);
        acks.endOfBatch();
        maybeActivate();
        if (role == RaftRole.LEADER) {
            waiters.expire(now, anyFollowerRecentlyHeard());
        } else if (waiters.size() > 0) {
            waiters.failAll(leaderAddress());
        }
    }

    /** A new leader serves once its term's no-op is committed and dispatched (the state files are current). */
    private void maybeActivate() {
        if (role != RaftRole.LEADER || active || activating || noopIndex == 0
            || store.dispatchedPosition().index() < noopIndex) {
            return;
        }
        activating = true;
        long t = term;
        leadershipThread.execute(() -> {
            for (LeadershipListener l : listeners) {
                l.leadershipChanged(true, t);
            }
            step(() -> {
                activating = false;
                if (role == RaftRole.LEADER && term == t) {
                    active = true;
                    LOG.info("member {} serves clients as leader of term {}", config.self(), t);
                } else {
                    deactivate(t);
                }
            });
        });
    }

    private void deactivate(long t) {
        active = false;
        leadershipThread.execute(() -> {
            for (LeadershipListener l : listeners) {
                l.leadershipChanged(false, t);
            }
        });
    }

    private boolean anyFollowerRecentlyHeard() {
        return node.reachableFollowers() > 0;
    }

    private void step(Runnable r) {
        if (failure != null || thread.isShutdown()) {
            return;
        }
        try {
            thread.execute(() -> {
                if (failure != null) {
                    return;
                }
                try {
                    r.run();
                } catch (RuntimeException | InternalError e) {
                    failure = e;
                    LOG.error("member {} stops taking part in its group after a failure (fail-stop)",
                        config.self(), e);
                    role = RaftRole.FOLLOWER;
                    store.closeLocalAppends();
                    waiters.failAll(null);
                    if (active) {
                        deactivate(term);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("replication thread stopped; dropping a step");
        }
    }

    @Override
    public void appended() {
        kick();
    }

    @Override
    public boolean isLeader() {
        return active && role == RaftRole.LEADER && failure == null;
    }

    @Override
    public String leaderAddress() {
        String id = leaderId;
        if (id == null || id.equals(config.self()) && !isLeader()) {
            return null;
        }
        return addresses.get(id);
    }

    /** The highest index this member knows to be committed. */
    public long commitIndex() {
        return commitIndex;
    }

    /** The term this member is in. */
    public long term() {
        return term;
    }

    @Override
    public CompletableFuture<Status> stored(AppendStatus localStatus, long logIndex) {
        Status local = Leadership.localStatus(localStatus);
        if (config.ack() == ClusterConfig.AckMode.LEADER) {
            kick();
            return CompletableFuture.completedFuture(local);
        }
        if (commitIndex >= logIndex && isLeader()) {
            return CompletableFuture.completedFuture(Status.OK);
        }
        if (!isLeader()) {
            return CompletableFuture.failedFuture(new BrokerException(Status.NOT_LEADER,
                NotLeader.message(leaderAddress())));
        }
        CompletableFuture<Status> f = new CompletableFuture<>();
        long start = System.nanoTime();
        LongConsumer observer = commitObserver;
        f.thenAccept(s -> {
            if (s == Status.OK) {
                observer.accept(start);
            }
        });
        waiters.add(logIndex, term, monotonicMs.getAsLong() + config.commitTimeoutMs(), f);
        if (settlePending.compareAndSet(false, true)) {
            // The commit index may have passed this record before the waiter was added: settle on the raft thread.
            step(() -> {
                settlePending.set(false);
                waiters.committed(node.commitIndex(), term);
            });
        }
        kick();
        return f;
    }

    public String self() {
        return config.self();
    }

    private volatile LongConsumer commitObserver = start -> { };

    /** {@code observer} is told the start ({@code System.nanoTime()}) of each wait for the majority that ends OK. */
    public void commitObserver(LongConsumer observer) {
        this.commitObserver = observer;
    }

    public Throwable failure() {
        return failure;
    }

    /** The group as this member sees it, for the admin API. */
    public Map<String, Object> status() {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        step(() -> f.complete(statusNow()));
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("self", config.self());
            m.put("role", role.name());
            m.put("failure", String.valueOf(failure));
            return m;
        }
    }

    private Map<String, Object> statusNow() {
        Map<String, Object> m = new LinkedHashMap<>();
        long last = store.endPosition().index();
        m.put("self", config.self());
        m.put("role", node.role().name());
        m.put("term", node.term());
        m.put("leader", node.leaderId());
        m.put("leaderAddress", leaderAddress());
        m.put("commitIndex", node.commitIndex());
        m.put("lastIndex", last);
        m.put("durableIndex", store.durablePosition().index());
        m.put("ack", config.ack().name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> members = new ArrayList<>();
        Map<String, Long> match = node.followerMatch();
        List<String> shown = new ArrayList<>(node.members());
        node.learners().stream().filter(l -> !shown.contains(l)).forEach(shown::add);
        for (String id : shown) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("id", id);
            mm.put("address", addresses.get(id));
            mm.put("role", id.equals(config.self()) ? node.role().name() : node.learners().contains(id) ? "LEARNER"
                : id.equals(node.leaderId()) ? "LEADER" : "FOLLOWER");
            if (match.containsKey(id)) {
                mm.put("matchIndex", match.get(id));
                mm.put("lag", last - match.get(id));
            }
            members.add(mm);
        }
        m.put("members", members);
        m.put("configurationIndex", node.configuration().index());
        return m;
    }

    @Override
    public void close() {
        leadershipThread.shutdown();
        thread.shutdown();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        links.close();
    }

    /** Carries the core's decisions to the store, the waiting sends and the leadership listeners. */
    private final class Listener implements RaftListener {
        @Override
        public void roleChanged(RaftRole newRole, long newTerm, String newLeader) {
            RaftRole before = role;
            term = newTerm;
            leaderId = newLeader;
            if (newRole == RaftRole.LEADER && before != RaftRole.LEADER) {
                noopIndex = 0;
                store.openLocalAppends(newTerm);
            } else if (newRole != RaftRole.LEADER && before == RaftRole.LEADER) {
                store.closeLocalAppends();
            }
            role = newRole;
            if (newRole != RaftRole.LEADER) {
                waiters.failAll(leaderAddress());
                if (active) {
                    deactivate(newTerm);
                }
            }
            if ((newRole == RaftRole.LEADER) != (before == RaftRole.LEADER)) {
                LOG.info("member {} {} in term {}", config.self(), newRole == RaftRole.LEADER ? "was elected leader"
                    : "stopped leading", newTerm);
            } else if (newLeader != null && newRole == RaftRole.FOLLOWER) {
                LOG.info("member {} follows {} in term {}", config.self(), newLeader, newTerm);
            }
        }

        @Override
        public void snapshotNeeded(String leader, long leaderFirstIndex) {
            SnapshotFetcher f = fetcher;
            if (f == null) {
                LOG.error("the leader {} no longer holds what this member needs (its log starts at {}), and this "
                    + "node cannot be rebuilt in place: start it with BrokerMain", leader, leaderFirstIndex);
                return;
            }
            f.offered(addresses.get(leader));
        }

        @Override
        public void committed(long index) {
            commitIndex = index;
            store.advanceCommitWatermark(index);
            waiters.committed(index, term);
        }
    }
}
