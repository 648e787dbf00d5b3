package io.wharf.server;

import io.netty.handler.ssl.ClientAuth;
import java.util.Set;
import io.wharf.server.common.BrokerException;
import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Status;
import io.wharf.server.auth.AccessControl;
import io.wharf.server.auth.Accounts;
import io.wharf.server.auth.AdminTokens;
import io.wharf.server.tls.TlsSettings;
import io.wharf.server.cluster.ClusterConfig;
import io.wharf.server.cluster.ReplicationService;
import io.wharf.server.cluster.SnapshotFetcher;
import io.wharf.server.cluster.SnapshotSource;
import io.wharf.server.cluster.StateFileReplication;
import io.wharf.server.group.ClientRegistry;
import io.wharf.server.health.NodeHealth;
import io.wharf.server.metrics.BrokerMetrics;
import io.wharf.server.lock.QueueLocks;
import io.wharf.server.net.BrokerServer;
import io.wharf.server.net.RequestHandler;
import io.wharf.server.offset.ConsumerOffsets;
import io.wharf.server.processor.OffsetProcessor;
import io.wharf.server.processor.SendProcessor;
import io.wharf.server.pull.PullService;
import io.wharf.server.retry.DelayAndRetry;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.server.trace.TraceTopic;
import io.wharf.server.transaction.TransactionService;
import io.wharf.store.MessageStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running broker node: its store, topics, client and group registry, consumer offsets, queue locks, the
 * protocol listener and the admin endpoint. {@link #close()} shuts down gracefully: it stops accepting, closes
 * connections, persists offsets, then flushes, checkpoints and closes the store.
 */
public final class BrokerNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerNode.class);

    private final BrokerConfig config;
    private final MessageStore store;
    private final List<AutoCloseable> closeInOrder = new ArrayList<>();
    private final TopicRegistry topics;
    private final ConsumerOffsets offsets;
    private final ClientRegistry clients;
    private final InstantSource clock;
    private final Accounts accounts;
    private final NodeHealth health = new NodeHealth();
    private AccessControl access;
    private BrokerServer server;
    private AdminHttpServer admin;
    private BrokerMetrics metrics;
    private volatile LeaderServices leaderServices;
    private ReplicationService replication;
    private StateFileReplication stateFiles;
    private final CompletableFuture<Void> rebuild = new CompletableFuture<>();

    private BrokerNode(BrokerConfig config, MessageStore store, InstantSource clock) {
        this.config = config;
        this.store = store;
        Path configDir = config.dataDir().resolve("config");
        this.topics = new TopicRegistry(configDir, config.topicAutoCreate(), config.topicDefaultQueues());
        this.offsets = new ConsumerOffsets(configDir);
        this.clients = new ClientRegistry(clock, config.consumerExpiryMs());
        this.clock = clock;
        this.accounts = config.aclEnabled() ? new Accounts(configDir, config.aclAccountsFile()) : null;
    }

    /** Opens the store (running recovery if needed), then starts the protocol listener and the admin endpoint. */
    public static BrokerNode start(BrokerConfig config, InstantSource clock) {
        if (config.clusterConfig() != null) {
            SnapshotFetcher.installPending(config.dataDir(), config.storeConfig().dataDir());
        }
        MessageStore store = MessageStore.open(config.storeConfig(), clock);
        BrokerNode node = new BrokerNode(config, store, clock);
        try {
            node.startServices(clock);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startServices(InstantSource clock) {
        QueueLocks locks = new QueueLocks(clock, config.queueLockLeaseMs(),
            config.clusterConfig() == null ? null : config.dataDir().resolve("config"));
        PullService pull = new PullService(store, config.pullMaxSuspendMs());
        TraceTopic.ensure(topics);
        ClusterConfig cluster = config.clusterConfig();
        SendProcessor send = new SendProcessor(store, topics, config.maxMessageBytes(),
            c -> services().delayAndRetry().schedule().divert(c));
        RequestHandler handler = new RequestHandler(send, pull, new OffsetProcessor(store, offsets), clients, locks,
            topics, () -> services().delayAndRetry().sendBack(), () -> services().transactions(), store);
        if (config.aclEnabled() && cluster != null && cluster.secret() == null) {
            throw new IllegalArgumentException("acl.enabled in a broker group needs cluster.secret (the same on every "
                + "member): without it the members cannot prove themselves to each other");
        }
        access = new AccessControl(config.aclEnabled(), accounts, cluster == null ? null : cluster.secret(),
            () -> replication != null ? replication.knownMembers()
                : cluster == null ? Set.of() : cluster.members().keySet());
        handler.accessControl(access);
        if (config.aclEnabled()) {
            LOG.info("ACL on: {} accounts; clients authenticate before any request", accounts.all().size());
        }
        if (cluster != null && cluster.secret() == null) {
            LOG.warn("cluster.secret is not set: any process that reaches port {} can send Raft messages to this "
                + "node; set the same cluster.secret on every member", config.brokerPort());
        }
        if (cluster == null) {
            leaderServices = newLeaderServices();
        } else {
            replication = new ReplicationService(cluster, store, config.dataDir().resolve("raft"),
                config.maxFrameBytes(), () -> System.nanoTime() / 1_000_000L);
            closeInOrder.add(replication);
            stateFiles = new StateFileReplication(store, config.dataDir().resolve("config"), cluster.self(),
                replication, replication::term);
            stateFiles.onApplied(this::documentApplied);
            stateFiles.start();
            closeInOrder.add(stateFiles::stop);
            send.leadership(replication);
            handler.cluster(cluster.self(), replication, replication::receive);
            handler.snapshots(new SnapshotSource(store, config.dataDir().resolve("config")));
            replication.rebuildFromLeader(config.dataDir(), config.maxFrameBytes(), () -> {
                LOG.warn("node {} must restart over the store copied from the leader", config.nodeId());
                rebuild.complete(null);
            });
            replication.addListener((leading, term) -> leadershipChanged(leading, term, locks));
        }
        StateFileReplication files = stateFiles;
        store.dispatchListener((topic, queueId, offset) -> {
            pull.onDispatched(topic, queueId, offset);
            LeaderServices s = leaderServices;
            if (s != null) {
                s.delayAndRetry().schedule().onDispatched(topic, queueId, offset);
            }
            if (files != null) {
                files.onDispatched(topic, queueId, offset);
            }
        });
        ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-broker-chores");
            t.setDaemon(true);
            return t;
        });
        chores.scheduleWithFixedDelay(this::expireClients, 1, 1, TimeUnit.SECONDS);
        chores.scheduleWithFixedDelay(this::flushOffsets, config.offsetFlushIntervalMs(),
            config.offsetFlushIntervalMs(), TimeUnit.MILLISECONDS);
        TlsSettings tls = config.tlsSettings();
        server = new BrokerServer(config.brokerHost(), config.brokerPort(), config.maxFrameBytes(), handler,
            clients, locks, tls == null ? null : tls.serverContext());
        if (tls != null) {
            LOG.info("TLS on the protocol port{}", tls.clientAuth() == ClientAuth.NONE ? ""
                : " with client certificates (" + tls.clientAuth() + ")");
        }
        closeInOrder.add(server);
        closeInOrder.add(this::closeLeaderServices);
        closeInOrder.add(pull);
        closeInOrder.add(chores::shutdownNow);
        if (replication != null) {
            replication.start();
        }
        AdminTokens tokens = config.adminTokens();
        if (config.aclEnabled() && !tokens.enabled()) {
            LOG.warn("ACL is on but the admin API is open: set admin.token.admin (and admin.token.read)");
        }
        startMetrics(handler);
        TlsSettings adminTls = config.adminTls() ? config.tlsSettings() : null;
        if (config.adminTls() && adminTls == null) {
            throw new IllegalArgumentException("admin.tls.enabled needs tls.enabled, tls.cert and tls.key");
        }
        admin = new AdminHttpServer(config.adminHost(), config.adminPort(), new AdminApi(this), config.nodeId(),
            tokens, adminTls == null ? null : adminTls.adminContext());
        closeInOrder.add(0, admin);
    }

    /** The meters: store and group gauges, refusal counters, send, force and commit latency histograms. */
    private void startMetrics(RequestHandler handler) {
        ReplicationService group = replication;
        metrics = new BrokerMetrics(store, () -> group == null ? null : new BrokerMetrics.Group() {
            @Override
            public boolean isLeader() {
                return group.isLeader();
            }

            @Override
            public long term() {
                return group.term();
            }

            @Override
            public long commitIndex() {
                return group.commitIndex();
            }
        }, access);
        store.forceObserver(metrics::flushed);
        handler.sendObserver(metrics::sendAnswered);
        if (replication != null) {
            replication.commitObserver(metrics::committed);
        }
    }

    private LeaderServices newLeaderServices() {
        DelayAndRetry delayAndRetry = new DelayAndRetry(config.delayAndRetrySettings(), store, topics, clock, health);
        TransactionService transactions = TransactionService.start(store, clients, clock,
            config.transactionConfig(), config.dataDir().resolve("config"), health);
        delayAndRetry.start();
        return new LeaderServices(delayAndRetry, transactions);
    }

    /** Runs on the leadership thread: take over the group's state and start the leader's services, or stop them. */
    private void leadershipChanged(boolean leading, long term, QueueLocks locks) {
        closeLeaderServices();
        if (leading) {
            topics.reload();
            if (accounts != null) {
                accounts.reload();
            }
            offsets.reload();
            locks.reload();
            leaderServices = newLeaderServices();
            LOG.info("leader services started for term {}", term);
        }
    }

    /**
     * A committed state document was written over this member's file: a follower's admin reads answer from its
     * committed state, so the documents held in memory follow their files. (A serving leader only ever skips its
     * own records; it reloads everything when it starts leading.)
     */
    private void documentApplied(String fileName) {
        if ("topics.json".equals(fileName)) {
            topics.reload();
        } else if ("acl.json".equals(fileName) && accounts != null) {
            accounts.reload();
        } else if ("consumer-offsets.json".equals(fileName) && !replication.isLeader()) {
            offsets.reload();
        }
    }

    private void closeLeaderServices() {
        LeaderServices s = leaderServices;
        leaderServices = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping the leader services", e);
            }
        }
    }

    /**
     * Completes when this member fetched a copy of the leader's store because the leader deleted what it needed:
     * its owner must close it and start a new node on the same configuration, which installs the copy
     * ({@link BrokerMain} does).
     */
    public CompletableFuture<Void> rebuildRequested() {
        return rebuild;
    }

    /** The leader-only services, or NOT_LEADER when this group member does not lead now. */
    LeaderServices services() {
        LeaderServices s = leaderServices;
        if (s == null) {
            throw new BrokerException(Status.NOT_LEADER, NotLeader.message(
                replication == null ? null : replication.leaderAddress()));
        }
        return s;
    }

    private void expireClients() {
        try {
            clients.expire();
        } catch (RuntimeException e) {
            LOG.error("expiring clients failed", e);
        }
    }

    private void flushOffsets() {
        try {
            offsets.flush();
            health.succeeded("consumer offsets");
        } catch (RuntimeException e) {
            health.failed("consumer offsets", e);
        }
    }

    /** The node's meters, scraped at {@code /metrics}. */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /** What the bookkeeping reports: the parts failing now, for {@code /health}. */
    public NodeHealth health() {
        return health;
    }

    public BrokerConfig config() {
        return config;
    }

    public MessageStore store() {
        return store;
    }

    public TopicRegistry topics() {
        return topics;
    }

    public ConsumerOffsets offsets() {
        return offsets;
    }

    /** The accounts, or null when ACL is off. */
    public Accounts accounts() {
        return accounts;
    }

    /** Authentication, ACL and member checks, with their refusal counts. */
    public AccessControl accessControl() {
        return access;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public TransactionService transactions() {
        return services().transactions();
    }

    /** Scheduled delivery, retry and dead-letter queues. */
    public DelayAndRetry delayAndRetry() {
        return services().delayAndRetry();
    }

    /** This node's replication, or null when it is a single node. */
    public ReplicationService replication() {
        return replication;
    }

    /** Where clients connect. */
    public InetSocketAddress brokerAddress() {
        return server.address();
    }

    public InetSocketAddress adminAddress() {
        return admin.address();
    }

    /** The admin API's base URL ({@code http://host:port}, or https with {@code admin.tls.enabled}). */
    public String adminUrl() {
        return admin.scheme() + "://" + admin.address().getHostString() + ":" + admin.address().getPort();
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeInOrder) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while shutting down {}", c, e);
            }
        }
        offsets.flush();
        store.close();
    }
}
