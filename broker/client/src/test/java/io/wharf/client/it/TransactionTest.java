package io.wharf.client.it;

import java.io.IOException;
import java.util.function.Function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.Message;
import io.wharf.client.WharfClientException;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.LocalTransactionState;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.TransactionListener;
import io.wharf.client.producer.TransactionProducer;
import io.wharf.client.producer.TransactionSendResult;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.ChildJvm;
import io.wharf.client.testkit.TransactionProducerMain;
import io.wharf.client.ReceivedMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactional messages against real broker processes with short check-back times: the seeds' order flow
 * (half message, local transaction, commit, rollback or UNKNOWN resolved by check-back), across producer and
 * broker restarts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TransactionTest {
    private static final String GROUP = "order-producers";
    private static final String TOPIC = "orders";
    private static final List<String> FAST_CHECKS = List.of("-Dwharf.transaction.timeout.ms=300",
        "-Dwharf.transaction.check.interval.ms=300", "-Dwharf.transaction.check.max=1000");

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : closeAfter.reversed()) {
            c.close();
        }
    }

    @Test
    void committedMessageIsDeliveredOnceEvenWhenTheCommitIsRepeated() throws Exception {
        BrokerProcess broker = broker(FAST_CHECKS);
        consume(broker, "c1");
        TransactionProducer producer = producer(broker, LocalTransactionState.COMMIT_MESSAGE,
            LocalTransactionState.UNKNOWN);

        TransactionSendResult r = producer.sendMessageInTransaction(order("o-1"), null);
        assertThat(r.localTransactionState()).isEqualTo(LocalTransactionState.COMMIT_MESSAGE);
        producer.endTransaction(r.transactionId(), r.halfOffset(), LocalTransactionState.COMMIT_MESSAGE);
        producer.endTransaction(r.transactionId(), r.halfOffset(), LocalTransactionState.COMMIT_MESSAGE);

        awaitDelivered(r.transactionId());
        awaitAllConsumed(broker);
        assertThat(delivered.get(r.transactionId())).hasValue(1);
        assertThatThrownBy(() -> producer.endTransaction(r.transactionId(), r.halfOffset(),
            LocalTransactionState.ROLLBACK_MESSAGE)).isInstanceOf(WharfClientException.class)
            .hasMessageContaining("already ended");
    }

    @Test
    void rolledBackMessageIsNeverDelivered() throws Exception {
        BrokerProcess broker = broker(FAST_CHECKS);
        consume(broker, "c1");
        TransactionProducer rollingBack = producer(broker, LocalTransactionState.ROLLBACK_MESSAGE,
            LocalTransactionState.COMMIT_MESSAGE);

        TransactionSendResult rolledBack = rollingBack.sendMessageInTransaction(order("o-2"), null);
        TransactionProducer committing = producer(broker, LocalTransactionState.COMMIT_MESSAGE,
            LocalTransactionState.COMMIT_MESSAGE);
        TransactionSendResult sentinel = committing.sendMessageInTransaction(order("o-3"), null);

        awaitDelivered(sentinel.transactionId());
        awaitAllConsumed(broker);
        assertThat(delivered).doesNotContainKey(rolledBack.transactionId());
    }

    @Test
    void unknownTransactionIsResolvedByCheckBack() throws Exception {
        BrokerProcess broker = broker(FAST_CHECKS);
        consume(broker, "c1");
        AtomicInteger checks = new AtomicInteger();
        TransactionProducer producer = closeLater(new TransactionProducer(config(broker), new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                throw new IllegalStateException("database down");
            }

            @Override
            public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
                assertThat(half.topic()).isEqualTo(TOPIC);
                assertThat(half.keys()).isEqualTo("o-4");
                return checks.incrementAndGet() < 3 ? LocalTransactionState.UNKNOWN
                    : LocalTransactionState.COMMIT_MESSAGE;
            }
        }));
        producer.start();

        TransactionSendResult r = producer.sendMessageInTransaction(order("o-4"), null);
        assertThat(r.localTransactionState()).isEqualTo(LocalTransactionState.UNKNOWN);

        awaitDelivered(r.transactionId());
        awaitAllConsumed(broker);
        assertThat(delivered.get(r.transactionId())).hasValue(1);
        assertThat(checks).hasValue(3);
    }

    @Test
    void anotherProducerOfTheGroupCanEndTheTransaction() throws Exception {
        BrokerProcess broker = broker(FAST_CHECKS);
        consume(broker, "c1");
        TransactionProducer placing = producer(broker, LocalTransactionState.UNKNOWN, LocalTransactionState.UNKNOWN);
        TransactionSendResult r = placing.sendMessageInTransaction(order("o-5"), null);
        awaitAllConsumed(broker);
        assertThat(delivered).doesNotContainKey(r.transactionId());

        TransactionProducer paymentCallback = producer(broker, LocalTransactionState.UNKNOWN,
            LocalTransactionState.UNKNOWN);
        paymentCallback.endTransaction(r.transactionId(), r.halfOffset(), LocalTransactionState.COMMIT_MESSAGE);

        awaitDelivered(r.transactionId());
        awaitAllConsumed(broker);
        assertThat(delivered.get(r.transactionId())).hasValue(1);
    }

    @Test
    void checkBackResolvesTheTransactionAfterTheProducerProcessRestarts() throws Exception {
        BrokerProcess broker = broker(FAST_CHECKS);
        consume(broker, "c1");
        Child first = closeLater(Child.start(broker, "UNKNOWN", "send"));
        Await.until(Duration.ofSeconds(30), () -> first.lines("CHECKED").size() >= 2, first::toString);
        String transactionId = first.lines("HALF").getFirst().split(" ")[1];
        first.close();
        assertThat(delivered).doesNotContainKey(transactionId);

        Child restarted = closeLater(Child.start(broker, "COMMIT_MESSAGE", "listen"));
        awaitDelivered(transactionId);
        assertThat(restarted.lines("CHECKED " + transactionId)).isNotEmpty();
        awaitAllConsumed(broker);
        assertThat(delivered.get(transactionId)).hasValue(1);
    }

    @Test
    void checkBackResumesAfterTheBrokerIsKilledAndRestarted() throws Exception {
        BrokerProcess broker = broker(FAST_CHECKS);
        AtomicInteger checks = new AtomicInteger();
        TransactionProducer before = closeLater(new TransactionProducer(config(broker), listener(
            LocalTransactionState.UNKNOWN, h -> {
                checks.incrementAndGet();
                return LocalTransactionState.UNKNOWN;
            })));
        before.start();
        TransactionSendResult r = before.sendMessageInTransaction(order("o-6"), null);
        Await.until(Duration.ofSeconds(20), () -> checks.get() >= 1, () -> "checks " + checks);
        broker.close();
        before.shutdown();

        BrokerProcess restarted = broker(FAST_CHECKS);
        consume(restarted, "c2");
        producer(restarted, LocalTransactionState.UNKNOWN, LocalTransactionState.COMMIT_MESSAGE);
        awaitDelivered(r.transactionId());
        awaitAllConsumed(restarted);
        assertThat(delivered.get(r.transactionId())).hasValue(1);
    }

    @Test
    void transactionWhoseChecksRunOutIsDiscardedAndListed() throws Exception {
        BrokerProcess broker = broker(List.of("-Dwharf.transaction.timeout.ms=300",
            "-Dwharf.transaction.check.interval.ms=300", "-Dwharf.transaction.check.max=2"));
        consume(broker, "c1");
        AtomicInteger checks = new AtomicInteger();
        TransactionProducer producer = closeLater(new TransactionProducer(config(broker), listener(
            LocalTransactionState.UNKNOWN, h -> {
                checks.incrementAndGet();
                return LocalTransactionState.UNKNOWN;
            })));
        producer.start();
        TransactionSendResult r = producer.sendMessageInTransaction(order("o-7"), null);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest list = HttpRequest.newBuilder(URI.create(broker.adminUrl() + "/admin/transactions/discarded"))
            .build();
        String[] body = new String[1];
        Await.until(Duration.ofSeconds(20), () -> {
            body[0] = get(http, list);
            return body[0].contains(r.transactionId());
        }, () -> "discarded: " + body[0]);
        assertThat(body[0].replaceAll("\\s", "")).contains("\"TRANSACTION_CHECK_TIMES\":\"2\"")
            .contains("\"REAL_TOPIC\":\"orders\"");
        assertThat(checks).hasValue(2);
        assertThatThrownBy(() -> producer.endTransaction(r.transactionId(), r.halfOffset(),
            LocalTransactionState.COMMIT_MESSAGE)).isInstanceOf(WharfClientException.class);
        awaitAllConsumed(broker);
        assertThat(delivered).doesNotContainKey(r.transactionId());
    }

    private static String get(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private BrokerProcess broker(List<String> settings) throws Exception {
        return closeLater(BrokerProcess.start(tmp.resolve("broker"), settings));
    }

    private static ProducerConfig config(BrokerProcess broker) {
        return ProducerConfig.builder(GROUP, broker.address()).heartbeatIntervalMs(200).build();
    }

    private TransactionProducer producer(BrokerProcess broker, LocalTransactionState execute,
                                         LocalTransactionState check) {
        TransactionProducer p = closeLater(new TransactionProducer(config(broker), listener(execute, h -> check)));
        p.start();
        return p;
    }

    private static TransactionListener listener(LocalTransactionState execute,
                                                Function<ReceivedMessage,
                                                    LocalTransactionState> check) {
        return new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                return execute;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
                return check.apply(half);
            }
        };
    }

    private void consume(BrokerProcess broker, String clientId) {
        PushConsumer consumer = closeLater(new PushConsumer(ConsumerConfig.builder("order-consumers",
            broker.address()).clientId(clientId).localOffsetDir(tmp.resolve("offsets"))
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build()));
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> delivered.computeIfAbsent(m.msgId(), k -> new AtomicInteger()).incrementAndGet());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
    }

    private void awaitDelivered(String transactionId) {
        Await.until(Duration.ofSeconds(30), () -> delivered.containsKey(transactionId),
            () -> "delivered " + delivered);
    }

    /**
     * Waits until the consumer group committed everything the topic holds and at least as many deliveries arrived
     * as there are messages: whatever the broker stored by now, a duplicate included, was delivered (a condition,
     * where a fixed sleep would pass on a slow machine without having seen anything).
     */
    private void awaitAllConsumed(BrokerProcess broker) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest lag = HttpRequest.newBuilder(URI.create(broker.adminUrl()
            + "/admin/groups/order-consumers/lag?topic=" + TOPIC)).build();
        String[] last = {""};
        Await.until(Duration.ofSeconds(30), () -> {
            last[0] = get(http, lag);
            try {
                com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(last[0]);
                if (n.path("status").asInt() == 404) {
                    return true; // the topic does not exist: nothing was stored in it
                }
                long stored = 0;
                for (com.fasterxml.jackson.databind.JsonNode q : n.path("queues")) {
                    stored += q.path("maxOffset").asLong();
                }
                long deliveries = delivered.values().stream().mapToLong(AtomicInteger::get).sum();
                return n.path("totalLag").asLong(-1) == 0 && deliveries >= stored;
            } catch (IOException e) {
                return false;
            }
        }, () -> "lag " + last[0] + ", delivered " + delivered);
    }

    private static Message order(String orderId) {
        return Message.builder(TOPIC).keys(orderId).body(orderId.getBytes(StandardCharsets.UTF_8)).build();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closeAfter.add(c);
        return c;
    }

    /** A {@link TransactionProducerMain} child JVM and its output lines. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final List<String> output = new CopyOnWriteArrayList<>();

        private Child(Process process) {
            this.process = process;
            Thread drain = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        output.add(line);
                    }
                } catch (IOException e) {
                    output.add("(output ended: " + e + ")");
                }
            }, "transaction-producer-child");
            drain.setDaemon(true);
            drain.start();
        }

        static Child start(BrokerProcess broker, String answer, String mode) throws IOException {
            return new Child(new ProcessBuilder(ChildJvm.command(TransactionProducerMain.class.getName(), List.of(),
                List.of(broker.address(), GROUP, TOPIC, answer, mode))).redirectErrorStream(true).start());
        }

        List<String> lines(String prefix) {
            return output.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public String toString() {
            return "child output " + output;
        }
    }
}
