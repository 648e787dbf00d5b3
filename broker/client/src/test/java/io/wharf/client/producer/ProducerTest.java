package io.wharf.client.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.Message;
import io.wharf.client.MessageQueue;
import io.wharf.client.WharfClientException;
import io.wharf.testkit.ScriptedBroker;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.PropertyNames;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.SendBatchRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.SendResponse;
import io.wharf.protocol.body.TopicRouteResponse;
import io.wharf.protocol.body.UnregisterRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedList;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The producer against a scripted broker: queue choice, retries, statuses, hooks, group registration. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProducerTest {
    private final Deque<Status> sendStatuses = new LinkedList<>();
    private final AtomicLong nextOffset = new AtomicLong();
    private volatile int queueCount = 4;
    private final ScriptedBroker broker = new ScriptedBroker(this::answer);
    private Producer producer;

    private synchronized Frame answer(Frame request) {
        return switch (request.opcode()) {
            case TOPIC_ROUTE -> queueCount == 0 ? ScriptedBroker.error(request, Status.UNKNOWN_TOPIC, "no such topic")
                : ScriptedBroker.ok(request, new TopicRouteResponse("T", queueCount));
            case SEND -> sendAnswer(request, SendRequest.decode(request.reader()).queueId(), 1);
            case SEND_BATCH -> {
                SendBatchRequest b = SendBatchRequest.decode(request.reader());
                yield sendAnswer(request, b.queueId(), b.messages().size());
            }
            default -> ScriptedBroker.empty(request);
        };
    }

    private Frame sendAnswer(Frame request, int queueId, int count) {
        if (!sendStatuses.isEmpty() && sendStatuses.peek() == null) {
            sendStatuses.poll();
            return null;
        }
        Status s = sendStatuses.isEmpty() ? Status.OK : sendStatuses.poll();
        if (s == null) {
            return null;
        }
        if (s.isError()) {
            return ScriptedBroker.error(request, s, "scripted " + s);
        }
        long offset = nextOffset.getAndAdd(count);
        return ScriptedBroker.status(request, s, new SendResponse(queueId < 0 ? 3 : queueId, offset, 1000 + offset,
            count));
    }

    private Producer start(ProducerConfig.Builder b) {
        producer = new Producer(b.build());
        producer.start();
        return producer;
    }

    private ProducerConfig.Builder config() {
        return ProducerConfig.builder("pg", broker.address()).clientId("producer-1");
    }

    @AfterEach
    void tearDown() {
        if (producer != null) {
            producer.shutdown();
        }
        broker.close();
    }

    private List<SendRequest> sends() {
        return broker.received().stream().filter(f -> f.opcode() == Opcode.SEND)
            .map(f -> SendRequest.decode(f.reader())).toList();
    }

    private static Message msg(String body) {
        return Message.builder("T").tags("TagA").keys("k1", "k2").property("p", "v")
            .body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void sendCarriesUniqueIdTagsKeysAndPropertiesAndReportsWhereItWasStored() {
        start(config());
        SendResult r = producer.send(msg("hello"));
        assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
        assertThat(r.msgId()).hasSize(32);
        assertThat(r.offsetMsgId()).isEqualTo(String.format("%016X", 1000L));
        SendRequest sent = sends().getFirst();
        assertThat(sent.producerGroup()).isEqualTo("pg");
        assertThat(r.messageQueue()).isEqualTo(new MessageQueue("T", sent.queueId()));
        assertThat(sent.queueId()).isBetween(0, 3);
        assertThat(sent.message().properties()).containsEntry(PropertyNames.UNIQ_KEY, r.msgId())
            .containsEntry(PropertyNames.TAGS, "TagA").containsEntry(PropertyNames.KEYS, "k1 k2")
            .containsEntry("p", "v");
        assertThat(new String(sent.message().body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void sendsGoRoundRobinOverTheQueues() {
        start(config());
        List<Integer> queues = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            queues.add(producer.send(msg("m" + i)).messageQueue().queueId());
        }
        for (int i = 1; i < 8; i++) {
            assertThat(queues.get(i)).isEqualTo((queues.get(i - 1) + 1) % 4);
        }
    }

    @Test
    void storeFailedIsRetriedOnTheNextQueueWithTheSameMessageId() {
        sendStatuses.add(Status.STORE_FAILED);
        sendStatuses.add(Status.SYSTEM_BUSY);
        start(config());
        SendResult r = producer.send(msg("x"));
        List<SendRequest> sends = sends();
        assertThat(sends).hasSize(3);
        assertThat(sends.get(1).queueId()).isEqualTo((sends.get(0).queueId() + 1) % 4);
        assertThat(sends.get(2).queueId()).isEqualTo((sends.get(1).queueId() + 1) % 4);
        assertThat(sends).allSatisfy(s -> assertThat(s.message().properties().get(PropertyNames.UNIQ_KEY))
            .isEqualTo(r.msgId()));
        assertThat(r.messageQueue().queueId()).isEqualTo(sends.get(2).queueId());
    }

    @Test
    void retriesStopAfterRetryTimesWhenSendFailed() {
        sendStatuses.add(Status.STORE_FAILED);
        sendStatuses.add(Status.STORE_FAILED);
        sendStatuses.add(Status.STORE_FAILED);
        start(config().retryTimesWhenSendFailed(2));
        assertThatThrownBy(() -> producer.send(msg("x"))).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.status()).isEqualTo(Status.STORE_FAILED));
        assertThat(sends()).hasSize(3);
    }

    @Test
    void brokerRefusalsOfTheMessageItselfAreNotRetried() {
        for (Status refusal : List.of(Status.BAD_REQUEST, Status.UNKNOWN_TOPIC, Status.MESSAGE_TOO_LARGE)) {
            sendStatuses.add(refusal);
        }
        start(config());
        for (Status refusal : List.of(Status.BAD_REQUEST, Status.UNKNOWN_TOPIC, Status.MESSAGE_TOO_LARGE)) {
            int before = sends().size();
            assertThatThrownBy(() -> producer.send(msg("x"))).isInstanceOfSatisfying(WharfClientException.class,
                e -> assertThat(e.status()).isEqualTo(refusal));
            assertThat(sends()).hasSize(before + 1);
        }
    }

    @Test
    void oversizedMessageFailsBeforeAnythingIsSent() {
        start(config().maxMessageBytes(10));
        assertThatThrownBy(() -> producer.send(msg("eleven byte"))).isInstanceOfSatisfying(
            WharfClientException.class, e -> assertThat(e.status()).isEqualTo(Status.MESSAGE_TOO_LARGE));
        assertThat(sends()).isEmpty();
    }

    @Test
    void flushTimeoutIsReturnedAsAStatusNotThrown() {
        sendStatuses.add(Status.FLUSH_DISK_TIMEOUT);
        start(config());
        assertThat(producer.send(msg("x")).sendStatus()).isEqualTo(SendStatus.FLUSH_DISK_TIMEOUT);
        assertThat(sends()).hasSize(1);
    }

    @Test
    void replicationCaveatsAreReturnedAsStatusesNotRetriedOrThrown() {
        sendStatuses.add(Status.FLUSH_SLAVE_TIMEOUT);
        sendStatuses.add(Status.SLAVE_NOT_AVAILABLE);
        start(config());
        assertThat(producer.send(msg("x")).sendStatus()).isEqualTo(SendStatus.FLUSH_SLAVE_TIMEOUT);
        assertThat(producer.send(msg("y")).sendStatus()).isEqualTo(SendStatus.SLAVE_NOT_AVAILABLE);
        assertThat(sends()).hasSize(2);
    }

    @Test
    void noAnswerFailsWithATimeoutWithinTheSendTimeout() {
        sendStatuses.add(null);
        start(config().sendTimeoutMs(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(msg("x"))).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.reason()).isEqualTo(WharfClientException.Reason.TIMEOUT));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
    }

    @Test
    void unknownTopicRouteLetsTheBrokerChooseTheQueue() {
        queueCount = 0;
        start(config());
        SendResult r = producer.send(msg("x"));
        assertThat(sends().getFirst().queueId()).isEqualTo(-1);
        assertThat(r.messageQueue().queueId()).isEqualTo(3);
    }

    @Test
    void selectorSendsOneKeyToOneQueueAndRetriesStayThere() {
        start(config());
        SelectMessageQueueByHash byHash = new SelectMessageQueueByHash();
        int q = producer.send(msg("a"), byHash, 42L).messageQueue().queueId();
        assertThat(q).isEqualTo(2);
        sendStatuses.add(Status.STORE_FAILED);
        assertThat(producer.send(msg("b"), byHash, 42L).messageQueue().queueId()).isEqualTo(2);
        assertThat(sends()).extracting(SendRequest::queueId).containsOnly(2);
    }

    @Test
    void selectorOnAnUnknownTopicFails() {
        queueCount = 0;
        start(config());
        assertThatThrownBy(() -> producer.send(msg("a"), new SelectMessageQueueByHash(), 1L))
            .isInstanceOfSatisfying(WharfClientException.class,
                e -> assertThat(e.status()).isEqualTo(Status.UNKNOWN_TOPIC));
    }

    @Test
    void asyncSendCallsBackOnceWithTheResultOrTheFailure() throws Exception {
        start(config());
        CompletableFuture<SendResult> ok = new CompletableFuture<>();
        producer.sendAsync(msg("a"), new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                ok.complete(result);
            }

            @Override
            public void onException(Throwable error) {
                ok.completeExceptionally(error);
            }
        });
        assertThat(ok.get(5, TimeUnit.SECONDS).sendStatus()).isEqualTo(SendStatus.SEND_OK);
        sendStatuses.add(Status.BAD_REQUEST);
        CompletableFuture<SendResult> failed = producer.sendAsync(msg("b"));
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(WharfClientException.class);
    }

    @Test
    void batchGoesToOneQueueAsOneRequest() {
        start(config());
        SendResult r = producer.sendBatch(List.of(msg("a"), msg("b"), msg("c")));
        List<Frame> batches = broker.received().stream().filter(f -> f.opcode() == Opcode.SEND_BATCH).toList();
        assertThat(batches).hasSize(1);
        SendBatchRequest b = SendBatchRequest.decode(batches.getFirst().reader());
        assertThat(b.messages()).hasSize(3);
        List<String> ids = b.messages().stream().map(m -> m.properties().get(PropertyNames.UNIQ_KEY)).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(r.msgId()).isEqualTo(String.join(",", ids));
        assertThat(r.messageQueue().queueId()).isEqualTo(b.queueId());
    }

    @Test
    void hooksSeeEachSendAndMayAddProperties() {
        List<SendContext> after = new CopyOnWriteArrayList<>();
        sendStatuses.add(Status.STORE_FAILED);
        producer = new Producer(config().build());
        AtomicLong seq = new AtomicLong();
        producer.registerSendHook(new SendHook() {
            @Override
            public void beforeSend(SendContext context) {
                context.putProperty("SEQ", Long.toString(seq.incrementAndGet()));
            }

            @Override
            public void afterSend(SendContext context) {
                after.add(context);
            }
        });
        producer.start();
        SendResult r = producer.send(msg("a"));
        sendStatuses.add(Status.BAD_REQUEST);
        assertThatThrownBy(() -> producer.send(msg("b"))).isInstanceOf(WharfClientException.class);

        assertThat(sends()).extracting(s -> s.message().properties().get("SEQ")).containsExactly("1", "1", "2");
        assertThat(after).hasSize(2);
        assertThat(after.get(0).result()).isEqualTo(r);
        assertThat(after.get(0).attempts()).isEqualTo(2);
        assertThat(after.get(0).msgId()).isEqualTo(r.msgId());
        assertThat(after.get(1).error()).isInstanceOf(WharfClientException.class);
        assertThat(after.get(1).result()).isNull();
        assertThatThrownBy(() -> after.get(0).putProperty("late", "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void producerGroupIsRegisteredByHeartbeatAndUnregisteredOnShutdown() throws Exception {
        start(config().heartbeatIntervalMs(50));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broker.received().stream().filter(f -> f.opcode() == Opcode.HEARTBEAT).count() < 2) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
        HeartbeatRequest hb = HeartbeatRequest.decode(broker.received().stream()
            .filter(f -> f.opcode() == Opcode.HEARTBEAT).findFirst().orElseThrow().reader());
        assertThat(hb.clientId()).isEqualTo("producer-1");
        assertThat(hb.producerGroups()).containsExactly("pg");
        assertThat(hb.consumers()).isEmpty();
        producer.shutdown();
        UnregisterRequest u = UnregisterRequest.decode(broker.received().stream()
            .filter(f -> f.opcode() == Opcode.UNREGISTER).findFirst().orElseThrow().reader());
        assertThat(u.producerGroups()).containsExactly("pg");
        assertThatThrownBy(() -> producer.send(msg("late"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneWaySendIsWrittenWithoutWaitingForTheBroker() throws Exception {
        start(config());
        producer.sendOneway(msg("fire-and-forget"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sends().isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
        assertThat(sends().getFirst().message().properties()).containsKey(PropertyNames.UNIQ_KEY);
    }
}
