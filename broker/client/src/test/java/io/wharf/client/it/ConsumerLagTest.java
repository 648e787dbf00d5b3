package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.SendResult;
import io.wharf.testkit.Await;
import io.wharf.client.testkit.ConsumerLag;
import io.wharf.client.testkit.ConsumerLag.QueueLag;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Committed offsets after a consume with a refused message: the refused message is handed to the group's retry
 * topic, so it no longer holds its queue back (every queue is fully committed) while it is delivered again with a
 * growing reconsume count; messages sent while nobody consumes add to the lag.
 */
class ConsumerLagTest extends BrokerTestBase {
    @Override
    List<String> brokerOptions() {
        return List.of("-Dwharf.delay.levels=100ms 100ms 100ms 100ms 100ms 100ms");
    }

    @Test
    void refusedMessageGoesToTheRetryTopicAndUnconsumedMessagesShowAsLag() {
        Producer producer = producer();
        List<SendResult> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Message.Builder b = Message.builder("lag").body(("m" + i).getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send((i == 25 ? b.tags("poison") : b.tags("fine")).build()));
        }

        Set<String> consumed = ConcurrentHashMap.newKeySet();
        AtomicInteger poisonDeliveries = new AtomicInteger();
        PushConsumer consumer = consumer(consumerConfig("lag-group", "lag-1")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).suspendCurrentQueueTimeMillis(100)
            .build());
        consumer.subscribe("lag", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            ReceivedMessage m = msgs.getFirst();
            if ("poison".equals(m.tags())) {
                assertThat(m.reconsumeTimes()).isEqualTo(poisonDeliveries.getAndIncrement());
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            consumed.add(m.msgId());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Await.until(Duration.ofSeconds(20), () -> consumed.size() == 39 && poisonDeliveries.get() >= 3,
            () -> consumed.size() + " consumed, poison delivered " + poisonDeliveries);
        consumer.shutdown();

        Map<Integer, QueueLag> lags = ConsumerLag.of(rawBroker(), "lag-group", "lag");
        for (Map.Entry<Integer, QueueLag> e : lags.entrySet()) {
            QueueLag lag = e.getValue();
            assertThat(lag.committed()).as("queue %d fully committed", e.getKey()).isEqualTo(lag.max());
            assertThat(lag.lag()).isZero();
        }
        long before = ConsumerLag.total(lags);
        for (int i = 0; i < 7; i++) {
            producer.send(Message.of("lag", "later".getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(ConsumerLag.total(ConsumerLag.of(rawBroker(), "lag-group", "lag"))).isEqualTo(before + 7);
    }
}
