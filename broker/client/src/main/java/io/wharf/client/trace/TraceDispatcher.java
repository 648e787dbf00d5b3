package io.wharf.client.trace;

import io.wharf.protocol.SystemTopics;
import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.BrokerAddresses;
import io.wharf.client.remoting.ClientRuntime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes trace records to the trace topic off the business path. {@link #submit} only offers a record to a
 * bounded queue: when the queue is full the record is dropped and counted, so tracing never blocks or fails a
 * send or a listener call. One background thread drains the queue into batches (at most
 * {@value #MAX_BATCH_RECORDS} records, or what arrived within {@value #MAX_BATCH_DELAY_MS} ms of the first) and
 * sends each batch as one trace message: the records as JSON lines, and in its KEYS the traced messages' ids and
 * business keys, so the broker's key index finds a message's trace. The messages are sent by an internal
 * producer of its own, which is not traced.
 */
public final class TraceDispatcher implements AutoCloseable {
    /** The trace topic unless a client names another. */
    public static final String DEFAULT_TRACE_TOPIC = SystemTopics.TRACE_TOPIC;
    /** The internal producer's group. */
    public static final String TRACE_PRODUCER_GROUP = SystemTopics.TRACE_PRODUCER_GROUP;
    static final int MAX_BATCH_RECORDS = 100;
    static final long MAX_BATCH_DELAY_MS = 200;
    static final int DEFAULT_QUEUE_CAPACITY = 20_000;
    private static final long CLOSE_TIMEOUT_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(TraceDispatcher.class);

    private final String traceTopic;
    private final BlockingQueue<TraceRecord> queue;
    private final Consumer<Message> sender;
    private final Runnable onClose;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;

    /**
     * A dispatcher sending each trace message with {@code sender} (which may block; only the dispatcher's thread
     * waits for it) and calling {@code onClose} after its thread ended.
     */
    TraceDispatcher(String traceTopic, int capacity, Consumer<Message> sender, Runnable onClose) {
        this.traceTopic = traceTopic;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
        this.onClose = onClose;
        this.thread = new Thread(this::run, "wharf-trace-dispatcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Starts a dispatcher whose internal, untraced producer sends to {@code bootstrap} over {@code runtime}'s
     * connections; closing the dispatcher shuts that producer down.
     */
    public static TraceDispatcher start(ClientRuntime runtime, BrokerAddresses bootstrap, String traceTopic) {
        Producer producer = new Producer(runtime, ProducerConfig.builder(TRACE_PRODUCER_GROUP,
            String.join(",", bootstrap.all())).retryTimesWhenSendFailed(1).build());
        producer.start();
        return new TraceDispatcher(traceTopic, DEFAULT_QUEUE_CAPACITY, producer::send, producer::shutdown);
    }

    public String traceTopic() {
        return traceTopic;
    }

    /** Offers a record without waiting; false (and counted) when the queue is full or the dispatcher closed. */
    public boolean submit(TraceRecord record) {
        if (closing || !queue.offer(record)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Records dropped because the queue was full (or the dispatcher closed). */
    public long droppedCount() {
        return dropped.get();
    }

    /** Records sent to the trace topic. */
    public long sentCount() {
        return sent.get();
    }

    /** Records whose trace message could not be sent. */
    public long failedCount() {
        return failed.get();
    }

    private void run() {
        List<TraceRecord> batch = new ArrayList<>(MAX_BATCH_RECORDS);
        try {
            while (!closing || !queue.isEmpty()) {
                TraceRecord first = queue.poll(MAX_BATCH_DELAY_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_BATCH_DELAY_MS);
                while (batch.size() < MAX_BATCH_RECORDS) {
                    TraceRecord next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                send(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            send(batch);
            Thread.currentThread().interrupt();
        }
    }

    private void send(List<TraceRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sender.accept(traceMessage(traceTopic, batch));
            sent.addAndGet(batch.size());
        } catch (RuntimeException e) {
            failed.addAndGet(batch.size());
            LOG.warn("{} trace records not written to {}: {}", batch.size(), traceTopic, e.toString());
        }
    }

    /** One trace message: the records as JSON lines; its keys the traced msgIds and business keys. */
    static Message traceMessage(String traceTopic, List<TraceRecord> batch) {
        Set<String> keys = new LinkedHashSet<>();
        StringBuilder body = new StringBuilder(batch.size() * 200);
        for (TraceRecord r : batch) {
            body.append(r.toJsonLine()).append('\n');
            addKey(keys, r.msgId());
            if (r.keys() != null) {
                for (String k : r.keys().split(" ")) {
                    addKey(keys, k);
                }
            }
        }
        return Message.builder(traceTopic).keys(keys.toArray(String[]::new))
            .body(body.toString().getBytes(StandardCharsets.UTF_8)).build();
    }

    private static void addKey(Set<String> keys, String key) {
        if (key != null && !key.isBlank()) {
            keys.add(key);
        }
    }

    /** Sends what is queued (bounded by a timeout), stops the thread and the internal producer. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            thread.join(CLOSE_TIMEOUT_MS);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(CLOSE_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onClose.run();
    }
}
