package io.wharf.client.it.cluster;

import java.util.ArrayList;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.protocol.auth.Credentials;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a topic from its first offset with a fresh consumer group and compares what is stored with what the
 * producers were told was stored: per producer and queue, every acknowledged number that is missing and every
 * number delivered more than once.
 */
final class DeliveryCheck {
    /** The comparison for one producer and queue. */
    record Line(String producer, int queueId, int acknowledged, List<Long> missing, int duplicated) {
    }

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    private static String key(String producer, long seq) {
        return producer + "#" + seq;
    }

    /** Consumes until every acknowledged message was seen or {@code timeout} passed; returns the report. */
    static List<Line> run(String bootstrap, String topic, List<SequencedLoad.Ack> acks, Path offsets,
                          Duration timeout) {
        return run(bootstrap, topic, acks, offsets, timeout, null);
    }

    /** As above, consuming as {@code credentials} (null: an open broker). */
    static List<Line> run(String bootstrap, String topic, List<SequencedLoad.Ack> acks, Path offsets,
                          Duration timeout, Credentials credentials) {
        DeliveryCheck check = new DeliveryCheck();
        ConsumerConfig.Builder config = ConsumerConfig.builder("checker-" + System.nanoTime(), bootstrap)
            .clientId("checker").localOffsetDir(offsets)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        if (credentials != null) {
            config.credentials(credentials.accessKey(), credentials.secretKey());
        }
        try (PushConsumer c = new PushConsumer(config.build())) {
            c.subscribe(topic, "*");
            c.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
                for (ReceivedMessage m : msgs) {
                    String p = m.properties().get(SequencedLoad.PRODUCER);
                    String s = m.properties().get(SequencedLoad.SEQ);
                    if (p != null && s != null) {
                        check.seen.computeIfAbsent(key(p, Long.parseLong(s)), k -> new AtomicInteger())
                            .incrementAndGet();
                    }
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            c.start();
            try {
                Await.until(timeout, () -> acks.stream().allMatch(a -> check.seen.containsKey(key(a.producer(),
                    a.seq()))), () -> "seen " + check.seen.size() + " of " + acks.size() + " acknowledged");
            } catch (AssertionError e) {
                // the report below names what is missing
            }
        }
        return check.report(acks);
    }

    private List<Line> report(List<SequencedLoad.Ack> acks) {
        Map<String, Line> lines = new TreeMap<>();
        for (SequencedLoad.Ack a : acks) {
            String k = a.producer() + "@" + a.queueId();
            Line l = lines.getOrDefault(k, new Line(a.producer(), a.queueId(), 0, new ArrayList<>(), 0));
            AtomicInteger n = seen.get(key(a.producer(), a.seq()));
            if (n == null) {
                l.missing().add(a.seq());
            }
            lines.put(k, new Line(l.producer(), l.queueId(), l.acknowledged() + 1, l.missing(),
                l.duplicated() + (n != null && n.get() > 1 ? n.get() - 1 : 0)));
        }
        return List.copyOf(lines.values());
    }
}
