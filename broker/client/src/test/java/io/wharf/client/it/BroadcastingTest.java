package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.MessageModel;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Broadcasting: every member gets every message, and keeps its own offsets in a local file. */
class BroadcastingTest extends BrokerTestBase {
    @Test
    void everyMemberConsumesEveryMessageAndResumesFromItsOwnFile() throws Exception {
        Producer producer = producer();
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            sent.add(producer.send(Message.of("bc", ("m" + i).getBytes(StandardCharsets.UTF_8))).msgId());
        }
        Set<String> gotA = ConcurrentHashMap.newKeySet();
        Set<String> gotB = ConcurrentHashMap.newKeySet();
        PushConsumer a = start("bc-a", gotA);
        start("bc-b", gotB);
        Await.until(Duration.ofSeconds(20), () -> gotA.size() == 20 && gotB.size() == 20,
            () -> "a " + gotA.size() + ", b " + gotB.size());
        assertThat(gotA).isEqualTo(sent);
        assertThat(gotB).isEqualTo(sent);
        assertThat(a.assignedQueues()).hasSize(4);

        a.shutdown();
        Path file = tmp.resolve("offsets").resolve("bc-a").resolve("bc-group.offsets");
        assertThat(Files.readString(file)).contains("bc@0=", "bc@3=");
        for (int i = 0; i < 5; i++) {
            sent.add(producer.send(Message.of("bc", ("n" + i).getBytes(StandardCharsets.UTF_8))).msgId());
        }
        Set<String> gotAgain = ConcurrentHashMap.newKeySet();
        start("bc-a", gotAgain);
        Await.until(Duration.ofSeconds(20), () -> gotAgain.size() >= 5 && gotB.size() == 25,
            () -> "restarted a " + gotAgain.size() + ", b " + gotB.size());
        Thread.sleep(300);
        assertThat(gotAgain).as("only what arrived while it was away").hasSize(5).doesNotContainAnyElementsOf(gotA);
    }

    private PushConsumer start(String clientId, Set<String> got) {
        PushConsumer c = consumer(consumerConfig("bc-group", clientId).messageModel(MessageModel.BROADCASTING)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        c.subscribe("bc", "*");
        c.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> got.add(m.msgId()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }
}
