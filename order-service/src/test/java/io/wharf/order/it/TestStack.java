package io.wharf.order.it;

import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.contracts.Topics;
import io.wharf.client.ReceivedMessage;
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.testkit.AdminCalls;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.EmbeddedPostgresServer;
import io.wharf.testkit.EmbeddedRedisServer;
import io.wharf.testkit.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * What order-service needs, real and local: an embedded PostgreSQL (database {@code orders}), an embedded Redis
 * and a broker process with short transaction check-backs and delay levels, each on a fixed port so that a test
 * can stop it and start it again on the same data. {@link #properties()} points the service at them.
 */
final class TestStack implements AutoCloseable {
    /** The broker checks open halves every 500 ms; delay level 1 is 1 s. */
    private static final List<String> BROKER_SETTINGS = List.of("-Dwharf.transaction.timeout.ms=500",
        "-Dwharf.transaction.check.interval.ms=500", "-Dwharf.transaction.check.max=100000",
        "-Dwharf.delay.levels=1s 2s 3s");

    final Path dir;
    final EmbeddedPostgresServer postgres;
    final EmbeddedRedisServer redis;
    private final int brokerPort = Ports.free();
    private final int adminPort = Ports.free();
    private BrokerProcess broker;
    private final List<PushConsumer> consumers = new ArrayList<>();

    private TestStack(Path dir) {
        this.dir = dir;
        this.postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
        this.redis = EmbeddedRedisServer.start();
    }

    /** Starts the stack; whatever started is stopped again when a part fails. */
    static TestStack start(String name) {
        TestStack stack = null;
        try {
            stack = new TestStack(Files.createTempDirectory("order-service-" + name));
            stack.postgres.createDatabases(List.of("orders"));
            stack.startBroker();
            stack.createTopic(Topics.ORDER_EVENTS);
            stack.createTopic(Topics.ORDER_TIMEOUT);
            return stack;
        } catch (Exception e) {
            if (stack != null) {
                try {
                    stack.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new IllegalStateException("test stack did not start", e);
        }
    }

    /** The service's settings for this stack: fast jobs and check-backs, short timeouts. */
    Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("datasources.default.url", postgres.jdbcUrl("orders"));
        p.put("datasources.default.username", "postgres");
        p.put("datasources.default.password", "postgres");
        p.put("datasources.default.connection-timeout", "1000");
        p.put("redis.uri", redis.uri());
        p.put("orders.redis-timeout", "1s");
        p.put("wharf.bootstrap", "127.0.0.1:" + brokerPort);
        p.put("wharf.producer.send-timeout", "1s");
        p.put("otel.traces.exporter", "none");
        p.put("orders.timeout-delay-level", "1");
        p.put("orders.timeout-delay", "1s");
        p.put("orders.check-grace-period", "3s");
        p.put("orders.announce-interval", "300ms");
        p.put("orders.spool.relay-interval", "300ms");
        p.put("orders.parked.drain-interval", "500ms");
        return p;
    }

    /** Starts the broker (again) on its data directory and ports. */
    void startBroker() throws Exception {
        List<String> settings = new ArrayList<>(BROKER_SETTINGS);
        settings.add("-Dwharf.broker.port=" + brokerPort);
        settings.add("-Dwharf.admin.port=" + adminPort);
        broker = BrokerProcess.start(dir.resolve("broker"), settings);
        if (!broker.address().endsWith(":" + brokerPort)) {
            throw new IllegalStateException("broker took " + broker.address() + ", not port " + brokerPort);
        }
    }

    /** Sends a signal to the broker process ({@code "STOP"} pauses it, {@code "CONT"} resumes it). */
    void signalBroker(String signal) {
        broker.signal(signal);
    }

    /** Kills the broker process (as a crash would). */
    void stopBroker() {
        broker.close();
    }

    String brokerAddress() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Creates a topic with 4 queues on the admin port we chose (retried until the endpoint answers). */
    private void createTopic(String name) {
        AdminCalls.createTopic("http://127.0.0.1:" + adminPort, name, 4);
    }

    /** A consumer group recording every message of {@code topic} it receives, from the first offset. */
    Received consume(String group, String topic, String tags) {
        Received received = new Received();
        PushConsumer consumer = new PushConsumer(ConsumerConfig.builder(group, brokerAddress())
            .clientId(group + "-1").localOffsetDir(dir.resolve("offsets-" + group))
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe(topic, tags);
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            // Skip markers (sequence numbers that will not arrive, docs/sequence-gaps.md) carry no event.
            msgs.stream().filter(m -> !SequenceStamp.isSkipMarker(m.properties()))
                .forEach(m -> received.all.add(new Message(m.tags(), m.keys(), m.msgId(), m.queueId(),
                    m.queueOffset(), new String(m.body(), StandardCharsets.UTF_8))));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        consumers.add(consumer);
        received.consumer = consumer;
        return received;
    }

    @Override
    public void close() throws IOException {
        for (PushConsumer c : consumers.reversed()) {
            c.close();
        }
        if (broker != null) {
            broker.close();
        }
        redis.close();
        postgres.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One received message. */
    record Message(String tag, String key, String msgId, int queueId, long queueOffset, String body) {
    }

    /**
     * The messages a test consumer received, in arrival order. A consumer may be handed a message again (a
     * re-delivery: the same message id); {@link #of} counts each stored message once.
     */
    static final class Received {
        final List<Message> all = new CopyOnWriteArrayList<>();
        private PushConsumer consumer;

        /** The distinct messages (by id) with this tag and key. */
        List<Message> of(String tag, String key) {
            Map<String, Message> byId = new java.util.LinkedHashMap<>();
            all.stream().filter(m -> tag.equals(m.tag()) && key.equals(m.key()))
                .forEach(m -> byId.putIfAbsent(m.msgId(), m));
            return List.copyOf(byId.values());
        }
    }

    /** Stops a consumer (it keeps its group's committed offsets). */
    void stopConsuming(Received received) {
        PushConsumer c = received.consumer;
        consumers.remove(c);
        c.close();
    }
}
