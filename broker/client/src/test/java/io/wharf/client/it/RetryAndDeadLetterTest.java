package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.testkit.Await;
import io.wharf.protocol.PropertyNames;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The retry ladder with short test levels: a message that keeps failing is retried through the group's retry
 * topic with growing delays, presented under its original topic, and ends in the DLQ after maxReconsumeTimes;
 * the DLQ is readable through the admin API and re-drives (one, a selection, all) deliver each dead message
 * exactly once more, with a fresh retry budget.
 */
class RetryAndDeadLetterTest extends BrokerTestBase {
    private static final String GROUP = "retry-group";

    /** Per body: the reconsume counts it was delivered with, in order. */
    private final Map<String, List<Integer>> deliveries = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final List<String> topicsSeen = new CopyOnWriteArrayList<>();

    @Override
    List<String> brokerOptions() {
        return List.of("-Dwharf.delay.levels=100ms 100ms 100ms 200ms 300ms 400ms");
    }

    private void startConsumer() {
        PushConsumer consumer = consumer(consumerConfig(GROUP, "retry-1").maxReconsumeTimes(3)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("work", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            ReceivedMessage m = msgs.getFirst();
            String body = new String(m.body(), StandardCharsets.UTF_8);
            deliveries.computeIfAbsent(body, k -> new CopyOnWriteArrayList<>()).add(m.reconsumeTimes());
            topicsSeen.add(m.topic());
            if (body.startsWith("undecodable")) {
                ctx.deadLetter("cannot decode " + body + " as OrderPaid");
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            if (failing.contains(body)) {
                if (body.startsWith("throw")) {
                    throw new IllegalStateException("listener fails on " + body);
                }
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
    }

    private int count(String body) {
        return deliveries.getOrDefault(body, List.of()).size();
    }

    private JsonNode dlq() {
        return AdminHttp.get(broker.adminUrl(), "/admin/groups/" + GROUP + "/dlq?max=100");
    }

    @Test
    void aPoisonMessageTheListenerDeadLettersSkipsTheLadderAndKeepsItsReason() {
        Producer producer = producer();
        producer.send(Message.of("work", "undecodable-1".getBytes(StandardCharsets.UTF_8)));
        producer.send(Message.of("work", "fine".getBytes(StandardCharsets.UTF_8)));
        startConsumer();
        Await.until(Duration.ofSeconds(30), () -> dlq().path("dead").asInt() == 1, () -> "dlq " + dlq());
        assertThat(deliveries.get("undecodable-1")).as("delivered once, never retried").containsExactly(0);
        JsonNode history = dlq().path("messages").get(0).path("failureHistory");
        assertThat(history.path("failureReason").asText()).isEqualTo("cannot decode undecodable-1 as OrderPaid");
        assertThat(history.path("reconsumeTimes").asInt()).isZero();
        Await.until(Duration.ofSeconds(10), () -> count("fine") == 1, () -> "deliveries " + deliveries);
    }

    @Test
    void failingMessagesClimbTheLadderEndInTheDlqAndAreRedrivenExactlyOnce() {
        Producer producer = producer();
        List<String> dead = List.of("poison", "throw-1", "throw-2", "throw-3");
        failing.addAll(dead);
        for (String body : dead) {
            producer.send(Message.builder("work").keys("k-" + body).body(body.getBytes(StandardCharsets.UTF_8))
                .build());
        }
        producer.send(Message.of("work", "fine".getBytes(StandardCharsets.UTF_8)));
        startConsumer();
        Await.until(Duration.ofSeconds(30), () -> dlq().path("dead").asInt() == 4, () -> "dlq " + dlq()
            + ", deliveries " + deliveries);
        for (String body : dead) {
            assertThat(deliveries.get(body)).as(body).containsExactly(0, 1, 2, 3);
        }
        assertThat(deliveries.get("fine")).containsExactly(0);
        assertThat(topicsSeen).containsOnly("work");

        JsonNode list = dlq();
        assertThat(list.path("awaiting").asInt()).isEqualTo(4);
        Map<String, String> idByBody = new ConcurrentHashMap<>();
        for (JsonNode m : list.path("messages")) {
            idByBody.put(m.path("bodyText").asText(), m.path("offsetMsgId").asText());
            assertThat(m.path("topic").asText()).isEqualTo("%DLQ%" + GROUP);
            assertThat(m.path("redriven").asBoolean()).isFalse();
            JsonNode history = m.path("failureHistory");
            assertThat(history.path("originalTopic").asText()).isEqualTo("work");
            assertThat(history.path("failureTimes").size()).isEqualTo(4);
            assertThat(history.path("reconsumeTimes").asInt()).isEqualTo(3);
            assertThat(m.path("properties").path(PropertyNames.KEYS).asText()).isEqualTo("k-" + m.path("bodyText")
                .asText());
        }
        JsonNode one = AdminHttp.get(broker.adminUrl(), "/admin/groups/" + GROUP + "/dlq/" + idByBody.get("poison"));
        assertThat(one.path("bodyText").asText()).isEqualTo("poison");

        failing.clear();
        String path = "/admin/groups/" + GROUP + "/dlq/redrive";
        JsonNode r1 = AdminHttp.post(broker.adminUrl(), path, "{\"ids\":[\"" + idByBody.get("poison") + "\"]}");
        assertThat(r1.path("redriven").size()).isEqualTo(1);
        JsonNode again = AdminHttp.post(broker.adminUrl(), path, "{\"ids\":[\"" + idByBody.get("poison") + "\"]}");
        assertThat(again.path("redriven").size()).isZero();
        assertThat(again.path("skipped").size()).isEqualTo(1);
        Await.until(Duration.ofSeconds(10), () -> count("poison") == 5, () -> "deliveries " + deliveries);
        assertThat(deliveries.get("poison").get(4)).as("fresh budget").isZero();

        JsonNode selection = AdminHttp.post(broker.adminUrl(), path, "{\"ids\":[\"" + idByBody.get("throw-1")
            + "\",\"" + idByBody.get("throw-2") + "\",\"" + idByBody.get("poison") + "\"]}");
        assertThat(selection.path("redriven").size()).isEqualTo(2);
        JsonNode all = AdminHttp.post(broker.adminUrl(), path, "{\"all\":true}");
        assertThat(all.path("redriven").size()).isEqualTo(1);
        assertThat(AdminHttp.post(broker.adminUrl(), path, "{\"all\":true}").path("redriven").size()).isZero();
        Await.until(Duration.ofSeconds(10), () -> dead.stream().allMatch(b -> count(b) == 5),
            () -> "deliveries " + deliveries);
        JsonNode after = dlq();
        assertThat(after.path("dead").asInt()).isEqualTo(4);
        assertThat(after.path("redriven").asInt()).isEqualTo(4);
        assertThat(after.path("awaiting").asInt()).isZero();
        List<Boolean> flags = new ArrayList<>();
        after.path("messages").forEach(m -> flags.add(m.path("redriven").asBoolean()));
        assertThat(flags).containsOnly(true);
        AtomicInteger total = new AtomicInteger();
        deliveries.values().forEach(l -> total.addAndGet(l.size()));
        assertThat(total.get()).as("no extra deliveries").isEqualTo(4 * 5 + 1);
    }
}
