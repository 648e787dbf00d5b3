package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A member that shuts down cleanly while messages flow finishes what it pulled, commits and leaves; the member
 * that takes its queues over starts exactly there, so no message is consumed twice. (Two members, so the survivor
 * only gains queues: survivors trading queues among themselves may still see duplicates, as in RocketMQ.)
 */
class CleanLeaveTest extends BrokerTestBase {
    private static final int MESSAGES = 2000;

    @Test
    void cleanLeaveWhileMessagesFlowLosesNothingAndDuplicatesNothing() throws Exception {
        rawBroker().queueCount("leave", 3000).join();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        AtomicInteger leaverCount = new AtomicInteger();
        PushConsumer leaver = start("leave-1", deliveries, leaverCount);
        PushConsumer stayer = start("leave-2", deliveries, new AtomicInteger());
        Await.until(Duration.ofSeconds(15), () -> leaver.assignedQueues().size() == 2
            && stayer.assignedQueues().size() == 2, () -> leaver.assignedQueues() + " / " + stayer.assignedQueues());

        Producer producer = producer();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(producer.send(Message.of("leave", ("m" + i).getBytes(StandardCharsets.UTF_8))).msgId());
            if (i == MESSAGES / 2) {
                Await.until(Duration.ofSeconds(10), () -> leaverCount.get() >= 200, () -> "leaver got " + leaverCount);
                leaver.shutdown();
            }
        }
        Await.until(Duration.ofSeconds(30), () -> deliveries.keySet().containsAll(sent),
            () -> deliveries.size() + " of " + sent.size() + " consumed");
        Thread.sleep(500);
        assertThat(stayer.assignedQueues()).hasSize(4);
        assertThat(deliveries.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey)
            .toList()).as("messages consumed twice").isEmpty();
        assertThat(deliveries.keySet()).isEqualTo(sent);
    }

    private PushConsumer start(String clientId, Map<String, AtomicInteger> deliveries, AtomicInteger count) {
        PushConsumer c = consumer(consumerConfig("leave-group", clientId)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        c.subscribe("leave", "*");
        c.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> deliveries.computeIfAbsent(m.msgId(), k -> new AtomicInteger()).incrementAndGet());
            count.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }
}
