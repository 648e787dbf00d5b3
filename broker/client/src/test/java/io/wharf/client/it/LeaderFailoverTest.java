package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.wharf.client.Message;
import io.wharf.client.WharfClientException;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.LocalTransactionState;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendResult;
import io.wharf.client.producer.SendStatus;
import io.wharf.client.producer.TransactionListener;
import io.wharf.client.producer.TransactionProducer;
import io.wharf.client.producer.TransactionSendResult;
import io.wharf.client.BrokerAddresses;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.client.remoting.RemotingClient;
import io.wharf.testkit.Await;
import io.wharf.testkit.FakeNode;
import io.wharf.testkit.InProcessBroker;
import io.wharf.protocol.Opcode;
import io.wharf.client.ReceivedMessage;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.ExpressionType;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.OffsetCommitRequest;
import io.wharf.protocol.body.OffsetQueryRequest;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.PullStatus;
import io.wharf.protocol.body.SendRequest;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Clients against a broker group of three {@link FakeNode}s in front of one real broker: the leader relays to the
 * broker, followers answer NOT_LEADER, and a test kills the leader and elects another. Every call follows
 * the leader; sends, consumption and transaction check-backs carry on across the change.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LeaderFailoverTest {
    /** How long the fake election takes after the leader is killed. */
    private static final long ELECTION_MS = 700;
    private static final AtomicInteger NEXT = new AtomicInteger();

    @TempDir
    static Path tmp;
    static InProcessBroker broker;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final ScheduledExecutorService elections = Executors.newSingleThreadScheduledExecutor();
    private final String name = "failover-" + NEXT.incrementAndGet();

    @BeforeAll
    static void startBroker() {
        broker = InProcessBroker.start(tmp.resolve("broker"), "transaction.timeout.ms", "300",
            "transaction.check.interval.ms", "300", "transaction.check.max", "1000");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeEverything() throws Exception {
        elections.shutdownNow();
        for (AutoCloseable c : closeAfter.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeAfter(T c) {
        closeAfter.add(c);
        return c;
    }

    private FakeNode node() {
        return closeAfter(new FakeNode(broker.address()));
    }

    /** Three nodes, the first leading. */
    private List<FakeNode> group() {
        FakeNode a = node().lead();
        FakeNode b = node().follow(a.address());
        FakeNode c = node().follow(a.address());
        return List.of(a, b, c);
    }

    private static String bootstrap(List<FakeNode> nodes) {
        return String.join(",", nodes.stream().map(FakeNode::address).toList());
    }

    /** Kills the leader; the others know no leader until, {@link #ELECTION_MS} later, {@code next} wins. */
    private void failOver(List<FakeNode> nodes, FakeNode next) {
        FakeNode old = nodes.stream().filter(n -> n != next).findFirst().orElseThrow();
        old.kill();
        nodes.forEach(n -> n.follow(null));
        elections.schedule(() -> {
            next.lead();
            nodes.stream().filter(n -> n != next).forEach(n -> n.follow(next.address()));
        }, ELECTION_MS, TimeUnit.MILLISECONDS);
    }

    private BrokerProxy rawProxy(String bootstrap) {
        return new BrokerProxy(closeAfter(new RemotingClient("failover-raw")), BrokerAddresses.parse(bootstrap));
    }

    private Producer producer(ProducerConfig.Builder config) {
        Producer p = closeAfter(new Producer(config.build()));
        p.start();
        return p;
    }

    private static Message message(String topic, String body) {
        return Message.builder(topic).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static SendRequest sendRequest(String topic) {
        return new SendRequest("pg", 0, new WireMessage(topic, 0, 1L, Map.of(), new byte[] {1}));
    }

    @Test
    void eachKindOfCallFollowsAFollowersRedirectToALeaderMissingFromTheBootstrapList() {
        FakeNode leader = node().lead();
        FakeNode follower = node().follow(leader.address());
        String topic = name;

        BrokerProxy.SendReply sent = Futures.await(rawProxy(follower.address()).send(sendRequest(topic), 3000));
        Futures.await(rawProxy(follower.address()).heartbeat(new HeartbeatRequest("c1", List.of(
            new ConsumerGroupInfo(name, false, false, List.of())), List.of()), 3000));
        Futures.await(rawProxy(follower.address()).commitOffset(new OffsetCommitRequest(name, topic, 0, 1), 3000));
        PullResponse pulled = Futures.await(rawProxy(follower.address()).pull(new PullRequest(name, topic, 0, 0, 32,
            1 << 20, "*", ExpressionType.TAG, 0), 3000));

        for (Opcode op : List.of(Opcode.SEND, Opcode.HEARTBEAT, Opcode.OFFSET_COMMIT, Opcode.PULL)) {
            assertThat(follower.received(op)).as("%s asked the follower once", op).isEqualTo(1);
            assertThat(leader.received(op)).as("%s then went to the leader", op).isEqualTo(1);
        }
        assertThat(sent.response().queueOffset()).isZero();
        assertThat(pulled.pullStatus()).isEqualTo(PullStatus.FOUND);
        assertThat(Futures.await(rawProxy(leader.address()).queryOffset(new OffsetQueryRequest(name, topic, 0, 0, 0),
            3000)).offset()).isEqualTo(1);
    }

    @Test
    void aProducerFindsTheLeaderPastADeadNodeAndAnElection() throws Exception {
        FakeNode leader = node().lead();
        FakeNode electing = node().follow(leader.address()).answerLeaderUnknownFor(3);
        String dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = "127.0.0.1:" + s.getLocalPort();
        }
        Producer producer = producer(ProducerConfig.builder(name, dead + "," + electing.address()));

        SendResult r = producer.send(message(name, "x"));

        assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(electing.received().size()).isGreaterThanOrEqualTo(4);
        assertThat(leader.received(Opcode.SEND)).isEqualTo(1);
    }

    @Test
    void aGroupThatNeverElectsFailsTheSendWithinItsTimeout() {
        FakeNode a = node().follow(null);
        FakeNode b = node().follow(null);
        Producer producer = producer(ProducerConfig.builder(name, bootstrap(List.of(a, b))).sendTimeoutMs(800));

        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(message(name, "x"))).isInstanceOfSatisfying(
            WharfClientException.class, e -> {
                assertThat(e.reason()).isEqualTo(WharfClientException.Reason.TIMEOUT);
                assertThat(e.getMessage()).contains("no answer from a leader").contains("leader unknown");
            });
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMs).as("failed at the send timeout, not later").isBetween(700L, 1500L);
    }

    @Test
    void producerAndConsumerCarryOnAcrossALeaderChangeWithOneWarningEach() {
        ListAppender<ILoggingEvent> warnings = captureClientWarnings();
        List<FakeNode> nodes = group();
        Producer producer = producer(ProducerConfig.builder(name + "-p", bootstrap(nodes)));
        Map<String, AtomicInteger> consumed = new ConcurrentHashMap<>();
        PushConsumer consumer = closeAfter(new PushConsumer(ConsumerConfig.builder(name, bootstrap(nodes))
            .clientId(name + "-c").consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
            .heartbeatIntervalMs(200).rebalanceIntervalMs(200).persistOffsetIntervalMs(200).pollTimeoutMs(1000)
            .build()));
        consumer.subscribe(name, "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> consumed.computeIfAbsent(new String(m.body(), StandardCharsets.UTF_8),
                k -> new AtomicInteger()).incrementAndGet());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        for (int i = 0; i < 10; i++) {
            assertThat(producer.send(message(name, "before-" + i)).sendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        Await.until(Duration.ofSeconds(5), () -> consumed.size() == 10, () -> "consumed " + consumed.keySet());

        failOver(nodes, nodes.get(1));
        for (int i = 0; i < 10; i++) {
            assertThat(producer.send(message(name, "after-" + i)).sendStatus()).isEqualTo(SendStatus.SEND_OK);
        }

        Await.until(Duration.ofSeconds(5), () -> consumed.size() == 20, () -> "consumed " + consumed.keySet());
        assertThat(nodes.get(1).received(Opcode.PULL)).as("pulls go to the new leader").isPositive();
        assertThat(nodes.get(1).received(Opcode.HEARTBEAT)).as("so do heartbeats").isPositive();
        Await.until(Duration.ofSeconds(3), () -> nodes.get(1).received(Opcode.OFFSET_COMMIT) > 0,
            () -> "no offset commit reached the new leader");
        List<String> warned = warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warned).as("one warning per client and leader change, no storm").hasSize(2)
            .allMatch(w -> w.startsWith("broker leader moved from " + nodes.get(0).address()));
    }

    @Test
    void aSendWaitingOnAPausedLeaderMovesToTheNewLeaderWithinItsTimeout() {
        List<FakeNode> nodes = group();
        Producer producer = producer(ProducerConfig.builder(name, bootstrap(nodes)));
        assertThat(producer.send(message(name, "before")).sendStatus()).isEqualTo(SendStatus.SEND_OK);

        nodes.get(0).freeze();
        nodes.forEach(n -> n.follow(null));
        elections.schedule(() -> {
            nodes.get(1).lead();
            nodes.get(2).follow(nodes.get(1).address());
        }, ELECTION_MS, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        SendResult r = producer.send(message(name, "paused"));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(nodes.get(1).received(Opcode.SEND)).isEqualTo(1);
        assertThat(tookMs).as("the others named the new leader once the paused one had been quiet for a second")
            .isBetween(900L, 2500L);
    }

    @Test
    void aSendInFlightWhenTheLeaderDiesIsStoredAtLeastOnceUnderOneMessageId() {
        FakeNode dying = node().lead().dieOnNextSend();
        FakeNode next = node().lead();
        Producer producer = producer(ProducerConfig.builder(name, bootstrap(List.of(dying, next))));

        SendResult r = producer.send(message(name, "in-flight"), (queues, m, arg) -> queues.getFirst(), null);

        assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(dying.received(Opcode.SEND)).isEqualTo(1);
        // The acknowledgement comes once the message is in the commit log; its consume-queue entry follows a moment
        // later (the dispatcher), so the pull is repeated until it shows.
        List<List<ReceivedMessage>> pulled = new ArrayList<>(List.of(List.of()));
        Await.until(Duration.ofSeconds(5), () -> {
            pulled.set(0, Futures.await(rawProxy(broker.address()).pull(new PullRequest(name, name, 0, 0, 32,
                1 << 20, "*", ExpressionType.TAG, 0), 3000)).messages().stream().map(ReceivedMessage::from).toList());
            return !pulled.get(0).isEmpty();
        }, () -> "nothing stored for " + r.msgId());
        List<ReceivedMessage> stored = pulled.get(0);
        assertThat(stored).extracting(ReceivedMessage::msgId).as("sent again to the new leader: maybe twice, "
            + "never lost").containsOnly(r.msgId()).hasSizeBetween(1, 2);
    }

    @Test
    void transactionCheckBacksComeFromTheNewLeader() throws Exception {
        List<FakeNode> nodes = group();
        CompletableFuture<String> checked = new CompletableFuture<>();
        TransactionProducer producer = closeAfter(new TransactionProducer(ProducerConfig.builder(name,
            bootstrap(nodes)).heartbeatIntervalMs(60_000).build(), new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                    return LocalTransactionState.UNKNOWN;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
                    checked.complete(half.msgId());
                    return LocalTransactionState.COMMIT_MESSAGE;
                }
            }));
        producer.start();
        Await.until(Duration.ofSeconds(3), () -> nodes.get(0).received(Opcode.HEARTBEAT) > 0,
            () -> "no first heartbeat");

        failOver(nodes, nodes.get(2));
        TransactionSendResult r = producer.sendMessageInTransaction(message(name, "tx"), null);

        assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(r.localTransactionState()).isEqualTo(LocalTransactionState.UNKNOWN);
        assertThat(checked.get(4, TimeUnit.SECONDS)).as("the broker asked this producer through the new leader, "
            + "where the leader change made it heartbeat at once").isEqualTo(r.transactionId());
        assertThat(nodes.get(2).received(Opcode.HEARTBEAT)).isEqualTo(1);
    }

    private ListAppender<ILoggingEvent> captureClientWarnings() {
        Logger clientLogger = (Logger) LoggerFactory.getLogger("io.wharf.client");
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.WARN)
                    && !event.getLoggerName().startsWith("io.wharf.client.it")) {
                    super.append(event);
                }
            }
        };
        appender.start();
        clientLogger.addAppender(appender);
        closeAfter(() -> clientLogger.detachAppender(appender));
        return appender;
    }
}
