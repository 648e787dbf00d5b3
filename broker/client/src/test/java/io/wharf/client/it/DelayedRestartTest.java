package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerProcess;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 delayed messages pending when the broker is killed (SIGKILL): after a restart on the same data every one
 * is delivered; duplicates (possible only across the crash) are counted separately and none is lost.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DelayedRestartTest {
    private static final int COUNT = 10_000;
    private static final List<String> LEVELS = List.of("-Dwharf.delay.levels=6s 9s");

    @TempDir
    Path tmp;

    @Test
    void pendingDelayedMessagesSurviveAKillAndAreAllDelivered() throws Exception {
        Path data = tmp.resolve("broker");
        try (BrokerProcess first = BrokerProcess.start(data, LEVELS)) {
            try (Producer producer = new Producer(ProducerConfig.builder("restart-producers", first.address())
                .build())) {
                producer.start();
                List<CompletableFuture<?>> sent = new ArrayList<>(COUNT);
                for (int i = 0; i < COUNT; i++) {
                    sent.add(producer.sendAsync(Message.builder("restart").delayLevel(1 + i % 2)
                        .body(Integer.toString(i).getBytes(StandardCharsets.UTF_8)).build()));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
        }
        Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        try (BrokerProcess second = BrokerProcess.start(data, LEVELS);
             PushConsumer consumer = new PushConsumer(ConsumerConfig.builder("restart-group", second.address())
                 .clientId("restart-1").consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                 .localOffsetDir(tmp.resolve("offsets")).consumeThreadMin(8).consumeThreadMax(8).build())) {
            consumer.subscribe("restart", "*");
            consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
                msgs.forEach(m -> got.computeIfAbsent(new String(m.body(), StandardCharsets.UTF_8),
                    k -> new AtomicInteger()).incrementAndGet());
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            Await.until(Duration.ofSeconds(90), () -> got.size() == COUNT, () -> "got " + got.size() + " of "
                + COUNT);
        }
        long duplicates = got.values().stream().mapToInt(AtomicInteger::get).filter(n -> n > 1).count();
        System.out.println("delayed restart: " + COUNT + " delivered, " + duplicates + " duplicated");
        for (int i = 0; i < COUNT; i++) {
            assertThat(got).containsKey(Integer.toString(i));
        }
    }
}
