package io.wharf.client.facade;

import java.util.Collections;
import io.wharf.client.ClientTls;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.ConsumerStatus;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.TransactionListener;
import io.wharf.client.producer.TransactionProducer;
import io.wharf.client.BrokerAddresses;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.ClientRuntime;
import io.wharf.client.trace.MessageTrace;
import io.wharf.client.trace.TraceDispatcher;
import io.wharf.protocol.auth.Credentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * One client of a broker group, from which an application creates all its producers and consumers: they share
 * one Netty event loop and its connections, one leader-following view per bootstrap list, one timer, and, when
 * given, the application's executor for listener calls (for example virtual threads, or a framework's blocking
 * pool). With message trace enabled in their configuration they also share one trace dispatcher, and so one
 * internal producer, per trace topic.
 *
 * <pre>{@code
 * try (WharfClient client = WharfClient.builder().name("orders").build()) {
 *     Producer producer = client.newProducer(ProducerConfig.builder("order-service", bootstrap).build());
 *     producer.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down, in reverse order of creation, every producer and consumer created here that is
 * still running, then the trace dispatchers, then the connections. Thread-safe.
 */
public final class WharfClient implements AutoCloseable {
    private final ClientRuntime runtime;
    private final List<AutoCloseable> members = new CopyOnWriteArrayList<>();
    private final List<Producer> producers = new CopyOnWriteArrayList<>();
    private final List<PushConsumer> consumers = new CopyOnWriteArrayList<>();
    private final Map<String, TraceDispatcher> traces = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private WharfClient(Builder b) {
        this.runtime = new ClientRuntime(b.name, b.ioThreads, b.listenerExecutor, b.credentials, b.tls);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client named {@code wharf} with one I/O thread and a listener pool per consumer. */
    public static WharfClient create() {
        return builder().build();
    }

    /** A producer on this client's connections; traced when its configuration enables trace. Start it. */
    public Producer newProducer(ProducerConfig config) {
        requireOpen();
        Producer p = new Producer(runtime, config);
        if (config.enableMsgTrace()) {
            MessageTrace.attach(p, trace(config.bootstrap(), config.traceTopic()));
        }
        producers.add(p);
        members.add(p);
        return p;
    }

    /**
     * A transaction producer on this client's connections: at most one per producer group, since the broker's
     * check-backs are routed by group. Start it.
     */
    public TransactionProducer newTransactionProducer(ProducerConfig config, TransactionListener listener) {
        requireOpen();
        TransactionProducer p = new TransactionProducer(runtime, config, listener);
        if (config.enableMsgTrace()) {
            MessageTrace.attach(p.producer(), trace(config.bootstrap(), config.traceTopic()));
        }
        producers.add(p.producer());
        members.add(p);
        return p;
    }

    /** A push consumer on this client's connections (and listener executor, if it has one). Subscribe, start. */
    public PushConsumer newPushConsumer(ConsumerConfig config) {
        requireOpen();
        PushConsumer c = new PushConsumer(runtime, config);
        if (config.enableMsgTrace()) {
            MessageTrace.attach(c, trace(config.bootstrap(), config.traceTopic()));
        }
        consumers.add(c);
        members.add(c);
        return c;
    }

    private TraceDispatcher trace(BrokerAddresses bootstrap, String topic) {
        return traces.computeIfAbsent(String.join(",", bootstrap.all()) + "/" + topic,
            k -> TraceDispatcher.start(runtime, bootstrap, topic));
    }

    /**
     * What the client knows now, for health checks: per bootstrap list the leader it last heard from and when a
     * heartbeat last succeeded; which addresses have an open connection; each consumer's queues and lag.
     */
    public ClientStatus status() {
        List<ClientStatus.BrokerGroup> groups = new ArrayList<>();
        for (Map.Entry<String, BrokerProxy> e : runtime.brokers().entrySet()) {
            BrokerProxy proxy = e.getValue();
            groups.add(new ClientStatus.BrokerGroup(e.getKey(), proxy.leader(),
                proxy.leader() != null && runtime.remoting().isConnected(proxy.leader()),
                proxy.lastHeartbeatMs()));
        }
        List<ConsumerStatus> consumerStatus = consumers.stream().map(PushConsumer::status).toList();
        return new ClientStatus(runtime.name(), !closed, runtime.connectedAddresses(), groups, consumerStatus,
            (int) producers.stream().filter(Producer::isRunning).count());
    }

    /** Shuts down every member still running, the trace dispatchers and the connections. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> reversed = new ArrayList<>(members);
        Collections.reverse(reversed);
        RuntimeException first = null;
        for (AutoCloseable m : reversed) {
            try {
                m.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing " + m + " failed", e);
                }
            }
        }
        traces.values().forEach(TraceDispatcher::close);
        runtime.close();
        if (first != null) {
            throw first;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("client " + runtime.name() + " is closed");
        }
    }

    /** Builds a {@link WharfClient}. */
    public static final class Builder {
        private String name = "wharf";
        private int ioThreads = 1;
        private Executor listenerExecutor;
        private Credentials credentials;
        private ClientTls tls;

        private Builder() {
        }

        /** Connects to the brokers over TLS (their port has {@code tls.enabled}); default plaintext. */
        public Builder tls(ClientTls v) {
            this.tls = Objects.requireNonNull(v, "tls");
            return this;
        }

        /**
         * The account every connection of this client authenticates as (a broker with ACL on requires it); the
         * secret keys an HMAC and never travels. Producers and consumers of this client use it, whatever their
         * own configuration says.
         */
        public Builder credentials(String accessKey, String secretKey) {
            this.credentials = new Credentials(accessKey, secretKey);
            return this;
        }

        /** Names the client's threads ({@code <name>-io-1}, ...). Default {@code wharf}. */
        public Builder name(String v) {
            this.name = Objects.requireNonNull(v, "name");
            return this;
        }

        /** I/O threads of the event loop; default 1, which carries tens of thousands of messages a second. */
        public Builder ioThreads(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("ioThreads must be >= 1, got " + v);
            }
            this.ioThreads = v;
            return this;
        }

        /**
         * Runs every consumer's listener calls on {@code executor} instead of a pool per consumer; the client
         * never shuts it down. Orderly consumers still call at most one batch per queue at a time.
         */
        public Builder listenerExecutor(Executor executor) {
            this.listenerExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public WharfClient build() {
            return new WharfClient(this);
        }
    }
}
