package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import io.wharf.client.WharfClientException;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.ClientRuntime;
import io.wharf.client.remoting.ClientThreads;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.UnregisterRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes topics by long polling and pushes the messages to a listener. Subscribe, register one listener, then
 * {@link #start()}; {@link #shutdown()} when done.
 *
 * <p>Delivery is at least once. For each queue the consumer commits the lowest offset it has not yet consumed
 * successfully (see {@link ProcessQueue}): periodically, when the queue moves to another member and on shutdown.
 * A member that dies therefore loses nothing, but whoever takes its queues over re-reads what it had consumed
 * since its last commit: listeners must tolerate duplicates. A listener that returns success before its work is
 * done (e.g. after handing the message to its own thread) defeats this and loses messages on a crash.
 *
 * <p>Clean shutdown stops pulling, waits up to {@link ConsumerConfig#shutdownTimeoutMs()} for running listener
 * calls, commits the offsets, releases queue locks and leaves the group, so the members that take over its queues
 * see no duplicates.
 */
public final class PushConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);

    private enum State { CREATED, RUNNING, STOPPED }

    private final ConsumerConfig config;
    private final Map<String, TopicSubscription> subscriptions = new ConcurrentHashMap<>();
    private final ConsumeHooks hooks = new ConsumeHooks();
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final ClientRuntime runtime;
    private final boolean ownsRuntime;
    private final Runnable onLeaderChange = this::heartbeat;
    private final Consumer<String> onDisconnect = address -> onDisconnect();
    private MessageListener listener;
    private BrokerProxy broker;
    private ScheduledExecutorService timer;
    private ScheduledExecutorService rebalanceThread;
    private ConsumeService consumeService;
    private PullService pullService;
    private RebalanceService rebalance;

    /** A consumer with connections and threads of its own, released by {@link #shutdown()}. */
    public PushConsumer(ConsumerConfig config) {
        this(ownRuntime(config), config, true);
    }

    private static ClientRuntime ownRuntime(ConsumerConfig config) {
        if (config.enableMsgTrace()) {
            throw new IllegalArgumentException("message trace is wired by WharfClient: create the consumer with "
                + "WharfClient.newPushConsumer(config)");
        }
        return new ClientRuntime("wharf-consumer-" + config.group(), 1, null, config.settings().credentials(),
            config.settings().tls());
    }

    /**
     * A consumer sharing {@code runtime}'s connections (and, if it has one, its listener executor) with the
     * client's other producers and consumers; applications get one from {@code WharfClient.newPushConsumer}.
     */
    public PushConsumer(ClientRuntime runtime, ConsumerConfig config) {
        this(runtime, config, false);
    }

    private PushConsumer(ClientRuntime runtime, ConsumerConfig config, boolean ownsRuntime) {
        this.config = Objects.requireNonNull(config, "config");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.ownsRuntime = ownsRuntime;
    }

    public ConsumerConfig config() {
        return config;
    }

    /** Subscribes to a topic with a tag expression: {@code "*"} or {@code "TagA || TagB"}. Before start. */
    public void subscribe(String topic, String tagExpression) {
        subscribe(topic, MessageSelector.byTag(tagExpression));
    }

    /**
     * Subscribes to a topic with a tag or SQL92 selector; the latest subscription of a topic wins. Before start.
     * The broker checks the selector when {@link #start()} joins the group.
     */
    public void subscribe(String topic, MessageSelector selector) {
        requireState(State.CREATED);
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        subscriptions.put(topic, TopicSubscription.of(topic, Objects.requireNonNull(selector, "selector")));
    }

    /**
     * Consumes on many threads, unordered. Before start; one listener per consumer. A lambda needs explicit
     * parameter types ({@code (List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> ...}) to choose
     * between this and the orderly overload.
     */
    @SuppressWarnings("overloads")
    public void registerMessageListener(MessageListenerConcurrently listener) {
        setListener(listener);
    }

    /** Consumes each queue in order, one thread per queue at a time. Before start; one listener per consumer. */
    @SuppressWarnings("overloads")
    public void registerMessageListener(MessageListenerOrderly listener) {
        setListener(listener);
    }

    private void setListener(MessageListener l) {
        requireState(State.CREATED);
        this.listener = Objects.requireNonNull(l, "listener");
    }

    /** Registers a hook called around every listener call. Before start. */
    public void registerConsumeHook(ConsumeHook hook) {
        requireState(State.CREATED);
        hooks.add(hook);
    }

    /**
     * Joins the group (heartbeat, waited for), takes its share of queues and starts consuming. If the broker
     * cannot be reached the consumer starts anyway and keeps trying; if the broker refuses the subscriptions (a
     * SQL92 selector that does not parse) this throws its {@link WharfClientException}, and the consumer is stopped.
     */
    public void start() {
        if (listener == null || subscriptions.isEmpty()) {
            throw new IllegalStateException("subscribe and register a listener before start()");
        }
        if (!state.compareAndSet(State.CREATED, State.RUNNING)) {
            throw new IllegalStateException("consumer already started or shut down");
        }
        broker = runtime.broker(config.bootstrap());
        // A new leader knows nothing of this member until it heartbeats there: do not wait for the next interval.
        broker.onLeaderChange(onLeaderChange);
        timer = Executors.newSingleThreadScheduledExecutor(ClientThreads.daemon("wharf-consumer-timer"));
        rebalanceThread = Executors.newSingleThreadScheduledExecutor(
            ClientThreads.daemon("wharf-consumer-rebalance"));
        boolean orderly = listener instanceof MessageListenerOrderly;
        if (config.messageModel() == MessageModel.CLUSTERING && !orderly) {
            // Failed messages come back through the group's retry topic (created by the broker on heartbeat).
            String retry = SendBack.RETRY_PREFIX + config.group();
            subscriptions.put(retry, TopicSubscription.of(retry, MessageSelector.byTag("*")));
        }
        boolean needsLock = orderly && config.messageModel() == MessageModel.CLUSTERING;
        ConsumeExecutor pool = runtime.listenerExecutor() != null
            ? ConsumeExecutor.shared(runtime.listenerExecutor())
            : ConsumeExecutor.ownPool(config.consumeThreadMin(), config.consumeThreadMax(),
                ClientThreads.daemon("wharf-consume-" + config.group()));
        consumeService = switch (listener) {
            case MessageListenerConcurrently c -> new ConcurrentConsumeService(config, c, hooks, timer, pool,
                SendBack.to(broker, config));
            case MessageListenerOrderly o -> new OrderlyConsumeService(config, o, hooks, timer, pool, needsLock,
                SendBack.to(broker, config));
        };
        pullService = new PullService(config, broker, subscriptions, consumeService, timer);
        rebalance = new RebalanceService(config, broker, subscriptions, offsetStore(), pullService,
            new QueueLockService(config, broker), needsLock, this::joinGroup);
        try {
            Futures.await(heartbeatRequest());
        } catch (RuntimeException e) {
            if (e instanceof WharfClientException refused && !refused.isTransportFailure()) {
                abortStart();
                throw refused;
            }
            LOG.warn("first heartbeat of {} to {} failed; retrying every {} ms: {}", config.clientId(),
                config.bootstrap(), config.heartbeatIntervalMs(), e.getMessage());
        }
        timer.scheduleWithFixedDelay(this::heartbeat, config.heartbeatIntervalMs(), config.heartbeatIntervalMs(),
            TimeUnit.MILLISECONDS);
        every(rebalance::rebalance, 0, config.rebalanceIntervalMs());
        every(rebalance::commitAll, config.persistOffsetIntervalMs(), config.persistOffsetIntervalMs());
        if (needsLock) {
            every(() -> rebalance.renewLocks(consumeService), config.lockRenewIntervalMs(),
                config.lockRenewIntervalMs());
            runtime.remoting().onDisconnect(onDisconnect);
        }
    }

    /** The broker refused the first heartbeat (e.g. a bad SQL92 selector): release what start() created. */
    private void abortStart() {
        state.set(State.STOPPED);
        pullService.stop();
        rebalanceThread.shutdownNow();
        timer.shutdownNow();
        consumeService.shutdown(0);
        releaseRuntime();
    }

    /** Detaches from the shared runtime, or closes a runtime of its own. */
    private void releaseRuntime() {
        broker.removeLeaderChangeListener(onLeaderChange);
        runtime.remoting().removeDisconnectListener(onDisconnect);
        if (ownsRuntime) {
            runtime.close();
        }
    }

    /**
     * The broker releases a client's queue locks when its connection closes, so another member may take them at
     * once: stop consuming every queue now and ask for the locks again once reconnected.
     */
    private void onDisconnect() {
        rebalance.processQueues().forEach(ProcessQueue::lockLost);
        if (state.get() == State.RUNNING) {
            try {
                rebalanceThread.schedule(() -> rebalance.renewLocks(consumeService), config.heartbeatIntervalMs(),
                    TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("consumer {} stopping; locks not renewed", config.clientId());
            }
        }
    }

    private OffsetStore offsetStore() {
        RemoteOffsetStore remote = new RemoteOffsetStore(broker, config);
        if (config.messageModel() == MessageModel.CLUSTERING) {
            return remote;
        }
        return new LocalFileOffsetStore(LocalFileOffsetStore.fileFor(config.localOffsetDir(), config.clientId(),
            config.group()), remote);
    }

    /** Runs a blocking duty on the rebalance thread; a failure is logged and the duty runs again next time. */
    private void every(Runnable duty, long initialDelayMs, long periodMs) {
        rebalanceThread.scheduleWithFixedDelay(() -> {
            try {
                duty.run();
            } catch (RuntimeException e) {
                LOG.warn("consumer {} duty failed", config.clientId(), e);
            }
        }, initialDelayMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        try {
            heartbeatRequest().whenComplete((r, e) -> {
                if (e != null) {
                    LOG.debug("heartbeat of {} failed: {}", config.clientId(), Futures.unwrap(e).toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("heartbeat of {} could not be sent", config.clientId(), e);
        }
    }

    /** Heartbeats and waits for the answer; a failure is logged (the next heartbeat tries again). */
    private void joinGroup() {
        try {
            Futures.await(heartbeatRequest());
        } catch (RuntimeException e) {
            LOG.debug("heartbeat of {} failed: {}", config.clientId(), e.toString());
        }
    }

    private CompletableFuture<Void> heartbeatRequest() {
        List<ConsumerGroupInfo.Subscription> subs = subscriptions.values().stream()
            .map(s -> new ConsumerGroupInfo.Subscription(s.topic(), s.selector().expression(), s.selector().type()))
            .toList();
        ConsumerGroupInfo group = new ConsumerGroupInfo(config.group(),
            config.messageModel() == MessageModel.BROADCASTING, listener instanceof MessageListenerOrderly, subs);
        return broker.heartbeat(new HeartbeatRequest(config.clientId(), List.of(group), List.of()),
            config.requestTimeoutMs());
    }

    /** The queues of the subscribed topics this member consumes now, sorted; its retry-topic queues not included. */
    public Set<MessageQueue> assignedQueues() {
        Set<MessageQueue> out = new TreeSet<>();
        if (rebalance != null) {
            rebalance.processQueues().stream()
                .filter(pq -> !pq.messageQueue().topic().startsWith(SendBack.RETRY_PREFIX))
                .forEach(pq -> out.add(pq.messageQueue()));
        }
        return out;
    }

    /**
     * What this member consumes now and how far behind it is: per assigned queue (retry queues included) the
     * committed offset, the broker's max offset as of the last pull, and the difference.
     */
    public ConsumerStatus status() {
        List<ConsumerStatus.QueueLag> queues = new ArrayList<>();
        if (rebalance != null) {
            for (ProcessQueue pq : rebalance.processQueues()) {
                long max = pq.brokerMaxOffset();
                long committed = pq.ackOffset();
                queues.add(new ConsumerStatus.QueueLag(pq.messageQueue(), committed, max,
                    max < 0 ? 0 : Math.max(0, max - committed), pq.inFlightCount(), pq.lastPullMs()));
            }
        }
        queues.sort(Comparator.comparing(ConsumerStatus.QueueLag::queue));
        return new ConsumerStatus(config.group(), config.clientId(), state.get() == State.RUNNING, queues);
    }

    public String clientId() {
        return config.clientId();
    }

    /**
     * Leaves cleanly: stops rebalancing and pulling, waits for running listener calls (bounded by
     * {@link ConsumerConfig#shutdownTimeoutMs()}), commits offsets, releases queue locks, unregisters from the
     * group and closes the connections. Idempotent.
     */
    public void shutdown() {
        if (!state.compareAndSet(State.RUNNING, State.STOPPED)) {
            state.set(State.STOPPED);
            return;
        }
        rebalanceThread.shutdown();
        awaitQuietly(rebalanceThread, config.requestTimeoutMs() * 3);
        pullService.stop();
        if (!consumeService.shutdown(config.shutdownTimeoutMs())) {
            LOG.warn("{}: listener calls still running after {} ms; their messages will be consumed again by the "
                + "next owner", config.clientId(), config.shutdownTimeoutMs());
        }
        timer.shutdownNow();
        rebalance.dropAll();
        try {
            Futures.await(broker.unregister(new UnregisterRequest(config.clientId(), List.of(config.group()),
                List.of()), config.requestTimeoutMs()));
        } catch (RuntimeException e) {
            LOG.info("{} could not unregister (the broker drops it when the connection closes): {}",
                config.clientId(), e.getMessage());
        }
        releaseRuntime();
        LOG.info("consumer {} of group {} shut down", config.clientId(), config.group());
    }

    private static void awaitQuietly(ScheduledExecutorService executor, long timeoutMs) {
        try {
            executor.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    private void requireState(State expected) {
        if (state.get() != expected) {
            throw new IllegalStateException("consumer is " + state.get() + ", expected " + expected);
        }
    }
}
