package io.wharf.client.it.cluster;

import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.protocol.auth.Credentials;
import io.wharf.client.producer.SendContext;
import io.wharf.client.producer.SendHook;
import io.wharf.client.producer.SendResult;
import io.wharf.client.producer.SendStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Producers that each stamp a per-producer sequence number on every message (through a {@link SendHook}, so a
 * send retried by the client keeps its number) and remember which numbers were acknowledged, on which queue, and
 * when each acknowledged send started and ended.
 */
final class SequencedLoad implements AutoCloseable {
    static final String PRODUCER = "LOAD_PRODUCER";
    static final String SEQ = "LOAD_SEQ";

    /** One acknowledged send. */
    record Ack(String producer, long seq, int queueId, long startNanos, long endNanos) {
    }

    private final List<Producer> producers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final AtomicLong attempts = new AtomicLong();

    SequencedLoad(String bootstrap, String topic, int producerCount) {
        this(bootstrap, topic, producerCount, null);
    }

    /** As above, the producers authenticating with {@code credentials} (null: an open broker). */
    SequencedLoad(String bootstrap, String topic, int producerCount, Credentials credentials) {
        for (int i = 0; i < producerCount; i++) {
            String id = "p" + i;
            ProducerConfig.Builder config = ProducerConfig.builder("load-" + id, bootstrap);
            if (credentials != null) {
                config.credentials(credentials.accessKey(), credentials.secretKey());
            }
            Producer p = new Producer(config.build());
            AtomicLong sequence = new AtomicLong();
            p.registerSendHook(new SendHook() {
                @Override
                public void beforeSend(SendContext context) {
                    context.putProperty(PRODUCER, id);
                    context.putProperty(SEQ, Long.toString(sequence.incrementAndGet()));
                }
            });
            p.start();
            producers.add(p);
            Thread t = new Thread(() -> run(p, id, topic, sequence), "load-" + id);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void run(Producer p, String id, String topic, AtomicLong sequence) {
        byte[] body = "x".repeat(256).getBytes(StandardCharsets.UTF_8);
        while (running.get()) {
            long start = System.nanoTime();
            attempts.incrementAndGet();
            try {
                SendResult r = p.send(Message.of(topic, body));
                if (r.sendStatus() == SendStatus.SEND_OK) {
                    acks.add(new Ack(id, sequence.get(), r.messageQueue().queueId(), start, System.nanoTime()));
                } else {
                    failures.computeIfAbsent(r.sendStatus().name(), k -> new AtomicLong()).incrementAndGet();
                }
            } catch (RuntimeException e) {
                failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    long attempts() {
        return attempts.get();
    }

    Map<String, AtomicLong> failures() {
        return failures;
    }

    /** The end of the first acknowledged send that started at or after {@code nanos}, or -1. */
    long firstAckStartedAfter(long nanos) {
        long best = -1;
        for (Ack a : acks) {
            if (a.startNanos() >= nanos && (best < 0 || a.endNanos() < best)) {
                best = a.endNanos();
            }
        }
        return best;
    }

    /** Stops sending; waits for the sends in flight to end. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        producers.forEach(Producer::shutdown);
    }
}
