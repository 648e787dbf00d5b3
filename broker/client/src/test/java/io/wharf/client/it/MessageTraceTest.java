package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.client.Message;
import io.wharf.client.facade.WharfClient;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendResult;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Message trace end to end: a traced producer and a traced consumer write trace records to the trace topic, and
 * the admin API merges them with what the broker stored into one timeline per message.
 */
class MessageTraceTest extends BrokerTestBase {
    private static final String GROUP = "traced-group";

    @Override
    List<String> brokerOptions() {
        return List.of("-Dwharf.delay.levels=100ms 100ms 100ms 200ms 300ms 400ms");
    }

    private JsonNode trace(String query) {
        return AdminHttp.get(broker.adminUrl(), "/admin/trace?" + query);
    }

    private static List<String> describe(JsonNode timeline) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : timeline.path("events")) {
            String type = e.path("type").asText();
            JsonNode d = e.path("details");
            out.add(switch (type) {
                case "CONSUME" -> "CONSUME " + d.path("reconsumeTimes").asInt() + " "
                    + (d.path("success").asBoolean() ? "ok" : "failed");
                case "RETRY", "DLQ", "REDRIVE" -> type + " " + e.path("group").asText();
                default -> type;
            });
        }
        return out;
    }

    @Test
    void aMessageRetriedTwiceDeadLetteredAndRedrivenHasItsWholeLifeInOneTimeline() {
        // Producer and consumer share one client, and so one trace dispatcher and one internal trace producer.
        WharfClient client = closeAfter(WharfClient.builder().name("traced").build());
        Producer producer = client.newProducer(ProducerConfig.builder("traced-producers", broker.address())
            .enableMsgTrace(true).build());
        producer.start();
        SendResult sent = producer.send(Message.builder("work").keys("order-7")
            .body("pay".getBytes(StandardCharsets.UTF_8)).build());

        AtomicInteger deliveries = new AtomicInteger();
        PushConsumer consumer = client.newPushConsumer(consumerConfig(GROUP, "traced-1").maxReconsumeTimes(2)
            .enableMsgTrace(true).consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("work", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) ->
            deliveries.incrementAndGet() <= 3 ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                : ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        consumer.start();

        String dlq = "/admin/groups/" + GROUP + "/dlq";
        Await.until(Duration.ofSeconds(30), () -> AdminHttp.get(broker.adminUrl(), dlq).path("dead").asInt() == 1,
            () -> "deliveries " + deliveries);
        AdminHttp.post(broker.adminUrl(), dlq + "/redrive", "{\"all\":true}");
        Await.until(Duration.ofSeconds(10), () -> deliveries.get() == 4, () -> "deliveries " + deliveries);

        List<String> expected = List.of("PUB", "STORED",
            "CONSUME 0 failed", "RETRY " + GROUP,
            "CONSUME 1 failed", "RETRY " + GROUP,
            "CONSUME 2 failed", "DLQ " + GROUP,
            "REDRIVE " + GROUP, "CONSUME 0 ok");
        String byId = "msgId=" + sent.msgId();
        Await.until(Duration.ofSeconds(10), () -> describe(trace(byId)).equals(expected),
            () -> "timeline " + describe(trace(byId)));

        JsonNode timeline = trace(byId);
        JsonNode pub = timeline.path("events").get(0);
        assertThat(pub.path("group").asText()).isEqualTo("traced-producers");
        assertThat(pub.path("details").path("status").asText()).isEqualTo("SEND_OK");
        assertThat(pub.path("details").path("keys").asText()).isEqualTo("order-7");
        JsonNode stored = timeline.path("events").get(1).path("details");
        assertThat(stored.path("topic").asText()).isEqualTo("work");
        assertThat(stored.path("queueOffset").asLong()).isEqualTo(sent.queueOffset());
        JsonNode last = timeline.path("events").get(9);
        assertThat(last.path("group").asText()).isEqualTo(GROUP);
        assertThat(last.path("client").asText()).isEqualTo("traced-1");
        assertThat(last.path("details").path("status").asText()).isEqualTo("CONSUME_SUCCESS");

        JsonNode byKey = trace("topic=work&key=order-7");
        assertThat(byKey.path("msgIds").get(0).asText()).isEqualTo(sent.msgId());
        assertThat(describe(byKey)).isEqualTo(expected);
        assertThat(AdminHttp.get(broker.adminUrl(), "/admin/topics").toString()).contains("RMQ_SYS_TRACE_TOPIC");
    }
}
