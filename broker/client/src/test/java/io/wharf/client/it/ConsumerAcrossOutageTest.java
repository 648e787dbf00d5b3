package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.client.Message;
import io.wharf.client.ReceivedMessage;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.testkit.AdminCalls;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer that stays up while its broker is SIGKILLed and restarted on the same data and port keeps every
 * queue going: what is sent afterwards arrives, and its committed offsets reach the end of every queue, also past
 * messages its tag filter skips (the last message of each queue here is one it does not want).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConsumerAcrossOutageTest {
    private static final String TOPIC = "outage";
    private static final int QUEUES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aConsumerThatOutlivesABrokerRestartConsumesEverythingSentAfterIt() throws Exception {
        Path data = tmp.resolve("broker");
        List<String> settings = List.of("-Dwharf.broker.port=" + Ports.free());
        Set<String> wanted = ConcurrentHashMap.newKeySet();
        BrokerProcess broker = BrokerProcess.start(data, settings);
        AdminCalls.createTopic(broker.adminUrl(), TOPIC, QUEUES);
        try (PushConsumer consumer = new PushConsumer(ConsumerConfig.builder("outage-group", broker.address())
            .clientId("outage-1").consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build())) {
            consumer.subscribe(TOPIC, "A");
            consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
                msgs.forEach(m -> wanted.add(new String(m.body(), StandardCharsets.UTF_8)));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            send(broker, "before");
            Await.until(Duration.ofSeconds(30), () -> wanted.size() == 4 * QUEUES, () -> "got " + wanted);

            broker.close();
            // Longer than a pull's budget (poll timeout + request timeout), so pulls fail and are retried.
            Thread.sleep(Duration.ofSeconds(20));
            broker = BrokerProcess.start(data, settings);
            send(broker, "after");
            Await.until(Duration.ofSeconds(60), () -> wanted.size() == 8 * QUEUES,
                () -> "after the restart got " + wanted.stream().filter(s -> s.startsWith("after")).sorted()
                    .toList());
            BrokerProcess restarted = broker;
            Await.until(Duration.ofSeconds(30), () -> lag(restarted) == 0,
                () -> "committed offsets stop short: " + AdminCalls.get(restarted.adminUrl()
                    + "/admin/groups/outage-group/lag?topic=" + TOPIC).body());
        } finally {
            broker.close();
        }
        assertThat(wanted).allMatch(s -> s.contains("-A-"));
    }

    /** Per queue: four wanted (tag A) and then four unwanted (tag B) messages. */
    private static void send(BrokerProcess broker, String prefix) throws Exception {
        try (Producer producer = new Producer(ProducerConfig.builder("outage-producers", broker.address())
            .build())) {
            producer.start();
            for (int q = 0; q < QUEUES; q++) {
                int queue = q;
                for (String tag : List.of("A", "B")) {
                    for (int i = 0; i < 4; i++) {
                        producer.send(Message.builder(TOPIC).tags(tag).body((prefix + "-" + tag + "-" + queue + "-"
                            + i).getBytes(StandardCharsets.UTF_8)).build(), (mqs, m, arg) -> mqs.get(queue), null);
                    }
                }
            }
        }
    }

    private static long lag(BrokerProcess broker) {
        try {
            JsonNode lag = JSON.readTree(AdminCalls.get(broker.adminUrl() + "/admin/groups/outage-group/lag?topic="
                + TOPIC).body());
            return lag.path("totalLag").asLong(-1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
