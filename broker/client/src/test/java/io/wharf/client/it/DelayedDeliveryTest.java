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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Delay levels and deliver-at times against a broker with short test levels: order and timing. */
class DelayedDeliveryTest extends BrokerTestBase {
    @Override
    List<String> brokerOptions() {
        return List.of("-Dwharf.delay.levels=300ms 800ms 1500ms");
    }

    private record Arrival(String body, long atMs) {
    }

    private List<Arrival> consume(String topic) {
        List<Arrival> got = new CopyOnWriteArrayList<>();
        PushConsumer consumer = consumer(consumerConfig(topic + "-group", topic + "-1")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            long now = System.currentTimeMillis();
            msgs.forEach(m -> got.add(new Arrival(new String(m.body(), StandardCharsets.UTF_8), now)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Await.until(Duration.ofSeconds(10), () -> consumer.assignedQueues().size() == 4,
            () -> "assigned " + consumer.assignedQueues());
        return got;
    }

    @Test
    void delayedMessagesArriveInDueOrderNeverEarly() {
        List<Arrival> got = consume("delayed");
        Producer producer = producer();
        Map<String, Long> dueAt = new ConcurrentHashMap<>();
        long[] delays = {0, 300, 800, 1500};
        for (int level : new int[] {3, 1, 2, 0}) {
            Message.Builder b = Message.builder("delayed").body(("L" + level).getBytes(StandardCharsets.UTF_8));
            long sentAt = System.currentTimeMillis();
            producer.send((level == 0 ? b : b.delayLevel(level)).build());
            dueAt.put("L" + level, sentAt + delays[level]);
        }
        Await.until(Duration.ofSeconds(10), () -> got.size() >= 4, () -> "got " + got);
        assertThat(got.stream().map(Arrival::body)).containsExactly("L0", "L1", "L2", "L3");
        for (Arrival a : got) {
            assertThat(a.atMs()).as("%s not early", a.body()).isGreaterThanOrEqualTo(dueAt.get(a.body()) - 50);
            assertThat(a.atMs()).as("%s on time", a.body()).isLessThan(dueAt.get(a.body()) + 1500);
        }
    }

    @Test
    void deliverAtMessagesArriveAtTheirTimeInTimeOrder() {
        List<Arrival> got = consume("timed");
        Producer producer = producer();
        long now = System.currentTimeMillis();
        long[] offsets = {1200, 400, 800};
        for (long offset : offsets) {
            producer.send(Message.builder("timed").deliverAt(now + offset)
                .body(Long.toString(offset).getBytes(StandardCharsets.UTF_8)).build());
        }
        Await.until(Duration.ofSeconds(10), () -> got.size() >= 3, () -> "got " + got);
        assertThat(got.stream().map(Arrival::body)).containsExactly("400", "800", "1200");
        for (Arrival a : got) {
            long due = now + Long.parseLong(a.body());
            assertThat(a.atMs()).as("%s", a.body()).isBetween(due - 50, due + 1500);
        }
    }
}
