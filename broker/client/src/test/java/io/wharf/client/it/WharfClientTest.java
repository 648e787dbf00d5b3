package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.facade.ClientStatus;
import io.wharf.client.Message;
import io.wharf.client.facade.WharfClient;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerStatus;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.LocalTransactionState;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.TransactionListener;
import io.wharf.client.producer.TransactionProducer;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class WharfClientTest extends BrokerTestBase {
    @Override
    List<String> brokerOptions() {
        return List.of("-Dwharf.transaction.check.interval.ms=300", "-Dwharf.transaction.check.max=1000");
    }

    private static long ioThreads(String clientName) {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith(clientName + "-io-")).count();
    }

    @Test
    void producersAndConsumersOfOneClientShareOneEventLoopAndTheApplicationsListenerExecutor() {
        ExecutorService virtual = closeAfter(Executors.newVirtualThreadPerTaskExecutor());
        WharfClient client = closeAfter(WharfClient.builder().name("shared").listenerExecutor(virtual).build());
        Producer a = client.newProducer(ProducerConfig.builder("shared-a", broker.address()).build());
        Producer b = client.newProducer(ProducerConfig.builder("shared-b", broker.address()).build());
        a.start();
        b.start();
        Set<Boolean> onVirtualThreads = ConcurrentHashMap.newKeySet();
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        PushConsumer consumer = client.newPushConsumer(consumerConfig("shared-group", "shared-1")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("shared", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            onVirtualThreads.add(Thread.currentThread().isVirtual());
            msgs.forEach(m -> bodies.add(new String(m.body(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? a : b).send(Message.builder("shared").body(("m" + i).getBytes(StandardCharsets.UTF_8))
                .build());
        }
        Await.until(Duration.ofSeconds(20), () -> bodies.size() == 10, () -> "consumed " + bodies);

        assertThat(ioThreads("shared")).as("one event loop for two producers and a consumer").isEqualTo(1);
        assertThat(onVirtualThreads).containsExactly(true);
        Await.until(Duration.ofSeconds(10), () -> consumer.status().totalLag() == 0,
            () -> "lag " + consumer.status());
        ClientStatus status = client.status();
        assertThat(status.leadersReachable()).isTrue();
        assertThat(status.brokerGroups()).singleElement()
            .satisfies(g -> assertThat(g.leader()).isEqualTo(broker.address()))
            .satisfies(g -> assertThat(g.lastHeartbeatMs()).isPositive());
        assertThat(status.runningProducers()).isEqualTo(2);
        ConsumerStatus cs = status.consumers().getFirst();
        assertThat(cs.running()).isTrue();
        assertThat(cs.queues()).isNotEmpty().allSatisfy(q -> assertThat(q.lag()).isZero())
            .allSatisfy(q -> assertThat(q.inFlight()).isZero());
        // Queues that had messages were answered; an empty one may still wait in its first long poll.
        assertThat(cs.queues()).filteredOn(q -> q.maxOffset() > 0).isNotEmpty()
            .allSatisfy(q -> assertThat(q.lastPullMs()).isPositive());
        assertThat(cs.queues().stream().mapToLong(ConsumerStatus.QueueLag::maxOffset).max().orElse(-1))
            .isPositive();

        client.close();
        assertThat(a.isRunning()).isFalse();
        assertThat(client.status().consumers().getFirst().running()).isFalse();
        Await.until(Duration.ofSeconds(5), () -> ioThreads("shared") == 0, () -> "I/O thread still alive");
    }

    @Test
    void checkBacksReachTheTransactionProducerOfTheirGroupOnASharedConnection() {
        WharfClient client = closeAfter(WharfClient.builder().name("tx-shared").build());
        client.newProducer(ProducerConfig.builder("plain", broker.address()).build()).start();
        Set<String> checkedByA = ConcurrentHashMap.newKeySet();
        TransactionProducer txA = client.newTransactionProducer(ProducerConfig.builder("tx-a", broker.address())
            .build(), new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                    return LocalTransactionState.UNKNOWN;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
                    checkedByA.add(half.msgId());
                    return LocalTransactionState.COMMIT_MESSAGE;
                }
            });
        txA.start();
        TransactionProducer second = client.newTransactionProducer(ProducerConfig.builder("tx-a", broker.address())
            .build(), new TransactionListener() {
                @Override
                public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
                    return LocalTransactionState.UNKNOWN;
                }

                @Override
                public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
                    return LocalTransactionState.UNKNOWN;
                }
            });
        assertThatThrownBy(second::start).as("check-backs are routed by group: one transaction producer each")
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("tx-a");
        String id = txA.sendMessageInTransaction(Message.builder("tx-shared").body(new byte[] {1}).build(), null)
            .transactionId();
        Await.until(Duration.ofSeconds(30), () -> checkedByA.contains(id), () -> "checked " + checkedByA);
    }

    @Test
    void aStandaloneProducerRefusesTraceWhichOnlyAClientWires() {
        assertThatThrownBy(() -> new Producer(ProducerConfig.builder("p", broker.address()).enableMsgTrace(true)
            .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WharfClient");
    }
}
