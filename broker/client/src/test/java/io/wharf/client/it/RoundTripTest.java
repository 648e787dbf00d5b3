package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeContext;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumeHook;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.SendResult;
import io.wharf.client.producer.SendStatus;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundTripTest extends BrokerTestBase {
    @Test
    void messagesArriveWithTheirIdTagsKeysPropertiesAndBodyFilteredByTag() {
        Producer producer = producer();
        Map<String, SendResult> sent = new ConcurrentHashMap<>();
        for (int i = 0; i < 30; i++) {
            String tag = switch (i % 3) {
                case 0 -> "TagA";
                case 1 -> "TagB";
                default -> "TagC";
            };
            Message m = Message.builder("rt").tags(tag).keys("order-" + i).property("n", Integer.toString(i))
                .body(("body-" + i).getBytes(StandardCharsets.UTF_8)).build();
            SendResult r = producer.send(m);
            assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
            sent.put(r.msgId(), r);
        }

        Map<String, ReceivedMessage> got = new ConcurrentHashMap<>();
        AtomicInteger hookCalls = new AtomicInteger();
        PushConsumer consumer = consumer(consumerConfig("rt-group", "rt-1")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("rt", "TagA || TagB");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> got.put(m.msgId(), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.registerConsumeHook(new ConsumeHook() {
            @Override
            public void afterConsume(ConsumeContext context) {
                if (context.success()) {
                    hookCalls.incrementAndGet();
                }
            }
        });
        consumer.start();

        Await.until(Duration.ofSeconds(20), () -> got.size() >= 20, () -> "got " + got.size());
        assertThat(got).hasSize(20);
        for (ReceivedMessage m : got.values()) {
            int n = Integer.parseInt(m.properties().get("n"));
            assertThat(m.tags()).isIn("TagA", "TagB").isEqualTo(n % 3 == 0 ? "TagA" : "TagB");
            assertThat(m.keys()).isEqualTo("order-" + n);
            assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("body-" + n);
            SendResult r = sent.get(m.msgId());
            assertThat(r).as("msgId %s was sent", m.msgId()).isNotNull();
            assertThat(m.queueId()).isEqualTo(r.messageQueue().queueId());
            assertThat(m.queueOffset()).isEqualTo(r.queueOffset());
            assertThat(m.reconsumeTimes()).isZero();
        }
        Await.until(Duration.ofSeconds(5), () -> hookCalls.get() == 20, () -> "hook calls " + hookCalls);
    }

    @Test
    void batchIsStoredContiguouslyInOneQueue() {
        Producer producer = producer();
        List<Message> batch = List.of(Message.of("batch", "a".getBytes(StandardCharsets.UTF_8)),
            Message.of("batch", "b".getBytes(StandardCharsets.UTF_8)),
            Message.of("batch", "c".getBytes(StandardCharsets.UTF_8)));
        SendResult r = producer.sendBatch(batch);
        assertThat(r.sendStatus()).isEqualTo(SendStatus.SEND_OK);
        List<String> ids = List.of(r.msgId().split(","));
        Map<String, ReceivedMessage> got = new ConcurrentHashMap<>();
        PushConsumer consumer = consumer(consumerConfig("batch-group", "b-1")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("batch", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> got.put(m.msgId(), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Await.until(Duration.ofSeconds(20), () -> got.size() == 3, () -> "got " + got.keySet());
        for (int i = 0; i < 3; i++) {
            ReceivedMessage m = got.get(ids.get(i));
            assertThat(m.queueId()).isEqualTo(r.messageQueue().queueId());
            assertThat(m.queueOffset()).isEqualTo(r.queueOffset() + i);
        }
    }
}
