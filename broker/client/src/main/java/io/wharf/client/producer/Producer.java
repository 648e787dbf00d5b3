package io.wharf.client.producer;

import io.wharf.client.Message;
import io.wharf.client.MessageQueue;
import io.wharf.client.WharfClientException;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.BrokerProxy.SendReply;
import io.wharf.client.remoting.ClientRuntime;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.MessageFlags;
import io.wharf.protocol.PropertyNames;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.body.EndTransactionRequest;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.SendBatchRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.UnregisterRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages to a broker: synchronously with retries, asynchronously, one-way, in batches, or to a queue
 * picked by a {@link MessageQueueSelector} for ordered messages. Every message gets a unique id
 * ({@code UNIQ_KEY}, {@link SendResult#msgId()}) that stays the same across retries, so consumers can recognise a
 * message the producer stored twice.
 *
 * <p>What a send's outcome means:
 * <ul>
 * <li>a {@link SendResult} with {@link SendStatus#SEND_OK}: stored as durably as the broker is configured to;</li>
 * <li>another {@link SendStatus}: stored, but less durably: it is returned, not thrown, and a caller that must not
 * lose the message treats it as a failure;</li>
 * <li>a {@link WharfClientException}: not stored, except after a timeout or lost connection, when it may have
 * been stored all the same. Resending then may store it twice, which consumers must tolerate (they see the
 * same msgId).</li>
 * </ul>
 * Retries ({@link ProducerConfig#retryTimesWhenSendFailed()}) happen within the send timeout, only after
 * timeouts, lost connections, STORE_FAILED and SYSTEM_BUSY, and each goes to the next queue (ordered sends stay on
 * their selected queue). Leader changes of the broker group do not count as retries: a send answered NOT_LEADER,
 * or whose connection was refused or lost, goes to the (new) leader again and again until the send timeout runs
 * out (see {@link io.wharf.client.remoting.BrokerProxy}); a send whose connection broke after it was written may
 * thus be stored twice, never lost, and it is reported successful only on a success status from a leader.
 *
 * <p>Thread-safe; {@link #start()} before sending, {@link #shutdown()} when done.
 */
public final class Producer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Producer.class);
    private static final int MAX_BATCH_MESSAGES = 0xFFFF;

    private enum State { CREATED, RUNNING, STOPPED }

    private final ProducerConfig config;
    private final ClientRuntime runtime;
    private final boolean ownsRuntime;
    private final MessageIdGenerator ids = MessageIdGenerator.shared();
    private final SendHooks hooks = new SendHooks();
    private final List<TransactionHook> transactionHooks = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final Runnable onLeaderChange = this::heartbeat;
    private final List<ScheduledFuture<?>> duties = new ArrayList<>();
    private BrokerProxy broker;
    private TopicRouteCache routes;

    /** A producer with connections and threads of its own, released by {@link #shutdown()}. */
    public Producer(ProducerConfig config) {
        this(ownRuntime(config), config, true);
    }

    private static ClientRuntime ownRuntime(ProducerConfig config) {
        if (config.enableMsgTrace()) {
            throw new IllegalArgumentException("message trace is wired by WharfClient: create the producer with "
                + "WharfClient.newProducer(config)");
        }
        return new ClientRuntime("wharf-producer-" + config.group(), 1, null, config.settings().credentials(),
            config.settings().tls());
    }

    /**
     * A producer sharing {@code runtime}'s connections and threads with the client's other producers and
     * consumers; applications get one from {@code WharfClient.newProducer}.
     */
    public Producer(ClientRuntime runtime, ProducerConfig config) {
        this(runtime, config, false);
    }

    private Producer(ClientRuntime runtime, ProducerConfig config, boolean ownsRuntime) {
        this.config = Objects.requireNonNull(config, "config");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.ownsRuntime = ownsRuntime;
    }

    public ProducerConfig config() {
        return config;
    }

    /** The runtime this producer runs on. */
    ClientRuntime runtime() {
        return runtime;
    }

    /** Registers a hook called around every send; register before sending. */
    public void registerSendHook(SendHook hook) {
        hooks.add(hook);
    }

    /** Registers a hook told of every transaction this producer (or its transaction producer) ends. */
    public void registerTransactionHook(TransactionHook hook) {
        transactionHooks.add(Objects.requireNonNull(hook, "hook"));
    }

    /** Connects lazily and starts the heartbeat (which registers the producer group) and the route refresh. */
    public void start() {
        if (!state.compareAndSet(State.CREATED, State.RUNNING)) {
            throw new IllegalStateException("producer already started or shut down");
        }
        broker = runtime.broker(config.bootstrap());
        // A new leader learns of this producer (and sends it transaction check-backs) once it heartbeats there.
        broker.onLeaderChange(onLeaderChange);
        routes = new TopicRouteCache(broker, config.sendTimeoutMs());
        duties.add(runtime.timer().scheduleWithFixedDelay(this::heartbeat, 0, config.heartbeatIntervalMs(),
            TimeUnit.MILLISECONDS));
        duties.add(runtime.timer().scheduleWithFixedDelay(routes::refreshAll, config.routeRefreshIntervalMs(),
            config.routeRefreshIntervalMs(), TimeUnit.MILLISECONDS));
    }

    /** True between {@link #start()} and {@link #shutdown()}. */
    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    /**
     * Sends and waits for the outcome (at most the send timeout).
     *
     * @return where it was stored; check {@link SendResult#sendStatus()}
     * @throws WharfClientException when it was not stored (or, after a timeout, may not have been)
     */
    public SendResult send(Message message) {
        SendContext ctx = prepare(message, false);
        return awaitWithHooks(List.of(ctx), sendOne(ctx, QueueChoice.roundRobin(counter(message.topic()))));
    }

    /**
     * Sends to the queue {@code selector} picks for {@code arg} and waits; messages with the same argument go to
     * the same queue and, sent one after the other, are consumed in order. Retries stay on that queue.
     */
    public SendResult send(Message message, MessageQueueSelector selector, Object arg) {
        SendContext ctx = prepare(message, false);
        return awaitWithHooks(List.of(ctx),
            sendOne(ctx, QueueChoice.selected(message.topic(), selector, message, arg)));
    }

    /** Sends without waiting; {@code callback} learns the outcome on a callback thread. */
    public void sendAsync(Message message, SendCallback callback) {
        sendAsync(message).whenComplete((result, error) -> {
            if (error == null) {
                callback.onSuccess(result);
            } else {
                callback.onException(Futures.unwrap(error));
            }
        });
    }

    /**
     * Sends to the queue {@code selector} picks for {@code arg} without waiting; the future completes on a callback
     * thread. Messages of one argument stay in order only if each is sent after the one before completed (as
     * with RocketMQ's ordered messages): two sends in flight at once may be stored in either order.
     */
    public CompletableFuture<SendResult> sendAsync(Message message, MessageQueueSelector selector, Object arg) {
        SendContext ctx = prepare(message, false);
        return sendOne(ctx, QueueChoice.selected(message.topic(), selector, message, arg))
            .whenCompleteAsync((result, error) -> hooks.after(List.of(ctx)), runtime.callbacks());
    }

    /** Sends without waiting; the future completes on a callback thread. */
    public CompletableFuture<SendResult> sendAsync(Message message) {
        SendContext ctx = prepare(message, false);
        return sendOne(ctx, QueueChoice.roundRobin(counter(message.topic())))
            .whenCompleteAsync((result, error) -> hooks.after(List.of(ctx)), runtime.callbacks());
    }

    /**
     * Writes the message to the connection without waiting for the broker: no retries, no result, and no way to
     * learn that it was lost. For logs and metrics, never for messages that matter.
     */
    public void sendOneway(Message message) {
        SendContext ctx = prepare(message, true);
        try {
            int count = Futures.await(routes.queueCount(message.topic()));
            int queueId = QueueChoice.roundRobin(counter(message.topic())).choose(count, -1);
            Futures.await(broker.sendOneWay(new SendRequest(config.group(), queueId, wire(ctx)))
                .orTimeout(config.sendTimeoutMs(), TimeUnit.MILLISECONDS));
            ctx.finish(null, null, 1, System.nanoTime());
        } catch (RuntimeException e) {
            ctx.finish(null, e, 1, System.nanoTime());
            throw e;
        } finally {
            hooks.after(List.of(ctx));
        }
    }

    /**
     * Sends messages of one topic to one queue as a unit and waits. The result's msgId joins the messages' ids
     * with commas; its queue offset is the first message's (the others follow it).
     */
    public SendResult sendBatch(List<Message> messages) {
        if (messages.isEmpty() || messages.size() > MAX_BATCH_MESSAGES) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH_MESSAGES + " messages");
        }
        String topic = messages.getFirst().topic();
        long totalBytes = 0;
        for (Message m : messages) {
            if (!m.topic().equals(topic)) {
                throw new IllegalArgumentException("a batch goes to one topic; got " + topic + " and " + m.topic());
            }
            totalBytes += m.body().length;
        }
        checkSize(totalBytes, "batch");
        List<SendContext> contexts = new ArrayList<>(messages.size());
        for (Message m : messages) {
            contexts.add(prepare(m, false));
        }
        List<WireMessage> wires = contexts.stream().map(this::wire).toList();
        SendOperation op = new SendOperation(topic, routes, QueueChoice.roundRobin(counter(topic)),
            (queueId, timeoutMs) -> broker.sendBatch(new SendBatchRequest(config.group(), queueId, wires), timeoutMs),
            1 + config.retryTimesWhenSendFailed(), deadline());
        CompletableFuture<SendResult> sent = op.run().handle((reply, error) -> {
            for (int i = 0; i < contexts.size(); i++) {
                SendResult each = reply == null ? null : result(reply, topic, contexts.get(i).msgId(), i);
                contexts.get(i).finish(each, error == null ? null : Futures.unwrap(error), op.attempts(),
                    System.nanoTime());
            }
            if (error != null) {
                throw new CompletionException(Futures.unwrap(error));
            }
            String joinedIds = String.join(",", contexts.stream().map(SendContext::msgId).toList());
            return new SendResult(SendStatus.of(reply.status()), joinedIds,
                SendResult.offsetMsgId(reply.response().commitLogOffset()),
                new MessageQueue(topic, reply.response().queueId()), reply.response().queueOffset());
        });
        return awaitWithHooks(contexts, sent);
    }

    /**
     * Sends the half message of a transaction (flagged, with its producer group) without retries to another queue
     * and never again after a timeout or a lost connection, either of which could store a second half of the same
     * transaction. It does follow the leader: a node that answers NOT_LEADER or cannot be reached did not store it.
     */
    SendResult sendHalf(Message message) {
        SendContext ctx = prepare(message, false);
        WireMessage plain = wire(ctx);
        Map<String, String> props = new LinkedHashMap<>(plain.properties());
        props.put(PropertyNames.TRAN_MSG, "true");
        props.put(PropertyNames.PGROUP, config.group());
        WireMessage half = new WireMessage(plain.topic(), plain.flags() | MessageFlags.TRANSACTION_PREPARED,
            plain.bornTimestampMs(), props, plain.body());
        String topic = message.topic();
        SendOperation op = new SendOperation(topic, routes, QueueChoice.roundRobin(counter(topic)),
            (queueId, timeoutMs) -> broker.sendAtMostOnce(new SendRequest(config.group(), queueId, half), timeoutMs),
            1, deadline());
        return awaitWithHooks(List.of(ctx), runFor(ctx, op));
    }

    /** Tells the transaction hooks that a transaction was ended. */
    void transactionEnded(String transactionId, String topic, LocalTransactionState outcome, boolean fromCheck) {
        for (TransactionHook h : transactionHooks) {
            try {
                h.afterEnd(config.group(), config.clientId(), transactionId, topic, outcome, fromCheck);
            } catch (RuntimeException e) {
                LOG.warn("transaction hook {} failed", h, e);
            }
        }
    }

    /** Sends END_TRANSACTION and waits for the broker to carry it out. */
    void endTransaction(EndTransactionRequest request) {
        if (state.get() != State.RUNNING) {
            throw new IllegalStateException("producer is " + state.get() + "; call start() first");
        }
        Futures.await(broker.endTransaction(request, config.sendTimeoutMs()));
    }

    private CompletableFuture<SendResult> sendOne(SendContext ctx, QueueChoice choice) {
        WireMessage wire = wire(ctx);
        SendOperation op = new SendOperation(ctx.message().topic(), routes, choice,
            (queueId, timeoutMs) -> broker.send(new SendRequest(config.group(), queueId, wire), timeoutMs),
            1 + config.retryTimesWhenSendFailed(), deadline());
        return runFor(ctx, op);
    }

    /** Runs the send operation and reports its outcome to the context (and so to the hooks). */
    private CompletableFuture<SendResult> runFor(SendContext ctx, SendOperation op) {
        String topic = ctx.message().topic();
        return op.run().handle((reply, error) -> {
            SendResult result = reply == null ? null : result(reply, topic, ctx.msgId(), 0);
            Throwable cause = error == null ? null : Futures.unwrap(error);
            ctx.finish(result, cause, op.attempts(), System.nanoTime());
            if (cause != null) {
                throw new CompletionException(cause);
            }
            return result;
        });
    }

    private SendResult awaitWithHooks(List<SendContext> contexts, CompletableFuture<SendResult> sent) {
        try {
            return Futures.await(sent);
        } finally {
            hooks.after(contexts);
        }
    }

    private static SendResult result(SendReply reply, String topic, String msgId, int indexInBatch) {
        return new SendResult(SendStatus.of(reply.status()), msgId,
            indexInBatch == 0 ? SendResult.offsetMsgId(reply.response().commitLogOffset()) : null,
            new MessageQueue(topic, reply.response().queueId()), reply.response().queueOffset() + indexInBatch);
    }

    private SendContext prepare(Message message, boolean oneWay) {
        if (state.get() != State.RUNNING) {
            throw new IllegalStateException("producer is " + state.get() + "; call start() first");
        }
        checkSize(message.body().length, "message");
        SendContext ctx = new SendContext(config.group(), message, ids.next(), oneWay, System.nanoTime());
        hooks.before(List.of(ctx));
        return ctx;
    }

    private void checkSize(long bytes, String what) {
        if (bytes > config.maxMessageBytes()) {
            throw WharfClientException.ofStatus(Status.MESSAGE_TOO_LARGE, what + " body of " + bytes
                + " bytes exceeds maxMessageBytes " + config.maxMessageBytes());
        }
    }

    private WireMessage wire(SendContext ctx) {
        Message m = ctx.message();
        Map<String, String> props = new LinkedHashMap<>(m.properties());
        props.putAll(ctx.addedProperties());
        if (m.tags() != null) {
            props.put(PropertyNames.TAGS, m.tags());
        }
        if (!m.keys().isEmpty()) {
            props.put(PropertyNames.KEYS, String.join(" ", m.keys()));
        }
        props.put(PropertyNames.UNIQ_KEY, ctx.msgId());
        return new WireMessage(m.topic(), MessageFlags.NONE, System.currentTimeMillis(), props, m.body());
    }

    private AtomicInteger counter(String topic) {
        return roundRobin.computeIfAbsent(topic, t -> QueueChoice.newCounter());
    }

    private long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMs());
    }

    private void heartbeat() {
        broker.heartbeat(new HeartbeatRequest(config.clientId(), List.of(), List.of(config.group())),
            config.sendTimeoutMs()).whenComplete((r, e) -> {
                if (e != null) {
                    LOG.debug("producer heartbeat to {} failed: {}", config.bootstrap(), e.toString());
                }
            });
    }

    /**
     * Stops the heartbeat and unregisters the producer group; a producer with a runtime of its own also closes
     * its connections, so asynchronous sends still waiting fail and their callbacks run before this returns
     * (bounded by the send timeout). Idempotent.
     */
    public void shutdown() {
        if (state.getAndSet(State.STOPPED) != State.RUNNING) {
            return;
        }
        duties.forEach(d -> d.cancel(false));
        broker.removeLeaderChangeListener(onLeaderChange);
        try {
            Futures.await(broker.unregister(new UnregisterRequest(config.clientId(), List.of(),
                List.of(config.group())), config.sendTimeoutMs()));
        } catch (WharfClientException e) {
            LOG.info("producer {} could not unregister (the broker forgets it by heartbeat timeout): {}",
                config.clientId(), e.getMessage());
        }
        if (ownsRuntime) {
            runtime.close();
        }
    }

    @Override
    public void close() {
        shutdown();
    }
}
