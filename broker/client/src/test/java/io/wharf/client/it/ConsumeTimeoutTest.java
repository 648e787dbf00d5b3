package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.testkit.Await;
import io.wharf.client.testkit.ConsumerLag;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A listener call that outlives the consume timeout: its message is sent back and delivered again through the
 * retry topic while the first call still hangs, the queue's offset moves on, and the late result is ignored.
 */
class ConsumeTimeoutTest extends BrokerTestBase {
    private final List<String> deliveries = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    List<String> brokerOptions() {
        return List.of("-Dwharf.delay.levels=100ms 100ms 100ms 200ms 300ms 400ms");
    }

    @Test
    void aHungListenerCallIsSentBackAfterTheConsumeTimeoutAndItsLateResultIgnored() throws Exception {
        producer().send(Message.of("slow", "hang".getBytes(StandardCharsets.UTF_8)));
        PushConsumer consumer = consumer(consumerConfig("timeout-group", "timeout-1").consumeTimeoutMs(300)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("slow", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            ReceivedMessage m = msgs.getFirst();
            deliveries.add(m.topic() + "#" + m.reconsumeTimes());
            if (m.reconsumeTimes() == 0) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();

        BrokerProxy raw = rawBroker();
        Await.until(Duration.ofSeconds(20), () -> deliveries.contains("slow#1"), () -> "deliveries " + deliveries);
        Await.until(Duration.ofSeconds(10), () -> ConsumerLag.of(raw, "timeout-group", "slow").values().stream()
            .allMatch(l -> l.lag() == 0), () -> "lag " + ConsumerLag.of(raw, "timeout-group", "slow"));
        assertThat(release.getCount()).as("first call still hangs").isEqualTo(1);

        release.countDown();
        Thread.sleep(1500);
        assertThat(deliveries).as("the late RECONSUME_LATER is ignored").containsExactly("slow#0", "slow#1");
    }
}
