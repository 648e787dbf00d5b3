package io.wharf.benchmarks.delay;

import io.wharf.testkit.LatencyRecorder;
import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.MessageModel;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendStatus;
import io.wharf.client.ReceivedMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery lateness of delayed (delay level) and timed (deliver-at) messages under a large pending backlog.
 *
 * <p>Starts a Wharf broker in a child JVM with {@code -Dwharf.delay.levels=<levels>}, subscribes a clustering
 * {@link PushConsumer} (16 consume threads, from the first offset), then sends {@code --messages} messages as fast
 * as async sends with a bounded in-flight window allow: half with delay levels spread over the table, half with
 * deliver-at times spread uniformly over the next {@code --timer-spread}. Each message carries its due time (send
 * time plus the level's delay, or the deliver-at time) in a user property; the consumer records receive minus due.
 * Reports p50/p99/p99.9/max lateness, early deliveries (a violation), missing messages and duplicates.
 */
public final class DelayLatenessTool {
    static final String TOPIC = "delay-bench";
    static final String SEQ = "bench-seq";
    static final String DUE = "bench-due";
    private static final long GRACE_MS = 60_000;
    private static final String USAGE = """
        usage: DelayLatenessTool [options]
          --messages 100000            messages sent (half delay levels, half deliver-at)
          --levels "1s 2s 5s 10s"      the broker's delay.levels table; every level is used
          --timer-spread 20s           deliver-at times uniform over [send time, send time + spread]
          --window 2000                async sends in flight at most
          --queues 8                   queues of the topic
          --body 128                   body bytes
          --flush SYNC                 the broker's store.flush.mode (SYNC or ASYNC)
          --jvm "-Xms2g -Xmx2g"        JVM options of the broker
          --wharf-jar <path>           default: broker/server/target/wharf-broker-server.jar
        """;

    private DelayLatenessTool() {
    }

    /**
     * Options of one run.
     *
     * @param messages    messages sent
     * @param levels      the delay-level table as given, e.g. {@code 1s 2s 5s 10s}
     * @param levelMs     the table in milliseconds
     * @param spreadMs    deliver-at spread
     * @param window      async sends in flight
     * @param queues      queues of the topic
     * @param bodyBytes   body size
     * @param flush       the broker's flush mode
     * @param jvm         the broker's JVM options
     * @param jar         the broker jar
     */
    record Options(int messages, String levels, long[] levelMs, long spreadMs, int window, int queues, int bodyBytes,
                   String flush, List<String> jvm, Path jar) {

        static Options parse(String[] args) {
            Map<String, String> v = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("bad argument " + args[i] + "\n" + USAGE);
                }
                v.put(args[i], args[++i]);
            }
            String levels = v.getOrDefault("--levels", "1s 2s 5s 10s").trim();
            String[] parts = levels.split("\\s+");
            long[] levelMs = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                levelMs[i] = durationMs(parts[i]);
            }
            return new Options(Integer.parseInt(v.getOrDefault("--messages", "100000")), levels, levelMs,
                durationMs(v.getOrDefault("--timer-spread", "20s")), Integer.parseInt(v.getOrDefault("--window",
                "2000")), Integer.parseInt(v.getOrDefault("--queues", "8")),
                Integer.parseInt(v.getOrDefault("--body", "128")), v.getOrDefault("--flush", "SYNC"),
                List.of(v.getOrDefault("--jvm", "-Xms2g -Xmx2g").trim().split("\\s+")),
                v.containsKey("--wharf-jar") ? Path.of(v.get("--wharf-jar")) : DelayBroker.defaultJar());
        }
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}. */
    static long durationMs(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Long.parseLong(t.substring(0, t.length() - 2));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> n * 1000;
            case 'm' -> n * 60_000;
            case 'h' -> n * 3_600_000;
            case 'd' -> n * 86_400_000;
            default -> throw new IllegalArgumentException("bad duration " + s);
        };
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Options o = Options.parse(args);
        Result r = run(o, System.out::println);
        System.out.println(r.report(o));
        if (r.missing() > 0 || r.early() > 0) {
            System.exit(1);
        }
    }

    /** One run against a fresh broker, which is killed and deleted at the end. */
    static Result run(Options o, java.util.function.Consumer<String> log) throws IOException, InterruptedException {
        Map<String, String> settings = new HashMap<>();
        settings.put("delay.levels", o.levels());
        settings.put("store.flush.mode", o.flush());
        settings.put("store.segment.bytes", Integer.toString(256 << 20));
        log.accept(String.format("starting the Wharf broker (%s, delay.levels=%s, flush %s)", o.jar(), o.levels(),
            o.flush()));
        try (DelayBroker broker = DelayBroker.start(o.jar(), o.jvm(), settings)) {
            broker.createTopic(TOPIC, o.queues());
            log.accept("broker " + broker.address() + " (pid " + broker.pid() + "), topic " + TOPIC + " with "
                + o.queues() + " queues");
            DelayTracker tracker = new DelayTracker(o.messages());
            PushConsumer consumer = startConsumer(broker.address(), tracker);
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
            AtomicLong peakPending = new AtomicLong();
            long t0 = System.nanoTime();
            progress.scheduleAtFixedRate(() -> {
                peakPending.accumulateAndGet(tracker.pending(), Math::max);
                log.accept(String.format("%6.1f s  acked %7d  received %7d  pending %7d  duplicates %d  early %d",
                    (System.nanoTime() - t0) / 1e9, tracker.acked(), tracker.received(), tracker.pending(),
                    tracker.duplicates(), tracker.early()));
            }, 2, 2, TimeUnit.SECONDS);
            try {
                double sendSeconds = send(o, broker.address(), tracker);
                peakPending.accumulateAndGet(tracker.pending(), Math::max);
                log.accept(String.format("sent %d (%d acked, %d failed) in %.1f s; %d pending now", o.messages(),
                    tracker.acked(), tracker.failed(), sendSeconds, tracker.pending()));
                long deadline = tracker.lastDueMs() + GRACE_MS;
                while (tracker.received() < tracker.acked() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(3000); // Late duplicates.
                return new Result(tracker.acked(), tracker.failed(), tracker.received(), tracker.missing(),
                    tracker.duplicates(), tracker.early(), tracker.maxEarlyMs(), tracker.unknown(), sendSeconds,
                    peakPending.get(), tracker.lateness((byte) 0), tracker.lateness(DelayTracker.LEVEL),
                    tracker.lateness(DelayTracker.TIMER), tracker.ackLatency());
            } finally {
                progress.shutdownNow();
                consumer.shutdown();
            }
        }
    }

    private static PushConsumer startConsumer(String address, DelayTracker tracker) {
        PushConsumer consumer = new PushConsumer(ConsumerConfig.builder("delay-bench-consumer", address)
            .messageModel(MessageModel.CLUSTERING)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
            .consumeThreadMax(16)
            .build());
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            long now = System.currentTimeMillis();
            for (ReceivedMessage m : msgs) {
                String seq = m.properties().get(SEQ);
                tracker.received(seq == null ? -1 : Integer.parseInt(seq), now);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    /** Sends every message; returns the seconds from the first send to the last acknowledgement. */
    private static double send(Options o, String address, DelayTracker tracker) throws InterruptedException {
        Producer producer = new Producer(ProducerConfig.builder("delay-bench-producer", address).build());
        producer.start();
        Semaphore window = new Semaphore(o.window());
        SplittableRandom random = new SplittableRandom(42);
        byte[] body = new byte[o.bodyBytes()];
        long start = System.nanoTime();
        try {
            for (int seq = 0; seq < o.messages(); seq++) {
                window.acquire();
                long now = System.currentTimeMillis();
                Message.Builder b = Message.builder(TOPIC).property(SEQ, Integer.toString(seq)).body(body);
                long due;
                byte kind;
                if (seq % 2 == 0) {
                    int level = 1 + (seq / 2) % o.levelMs().length;
                    due = now + o.levelMs()[level - 1];
                    kind = DelayTracker.LEVEL;
                    b.delayLevel(level);
                } else {
                    due = now + random.nextLong(o.spreadMs() + 1);
                    kind = DelayTracker.TIMER;
                    b.deliverAt(due);
                }
                tracker.sending(seq, kind, due);
                int s = seq;
                long sentNs = System.nanoTime();
                producer.sendAsync(b.property(DUE, Long.toString(due)).build()).whenComplete((r, e) -> {
                    if (e == null && r.sendStatus() == SendStatus.SEND_OK) {
                        tracker.acked(s, System.nanoTime() - sentNs);
                    } else {
                        tracker.sendFailed();
                    }
                    window.release();
                });
            }
            window.acquire(o.window());
            return (System.nanoTime() - start) / 1e9;
        } finally {
            producer.shutdown();
        }
    }

    /**
     * The outcome of one run.
     *
     * @param acked        messages the broker acknowledged
     * @param failed       sends that failed
     * @param received     distinct messages received
     * @param missing      acknowledged, never received
     * @param duplicates   deliveries after the first
     * @param early        messages received before their due time
     * @param maxEarlyMs   the most a message was early
     * @param unknown      deliveries without a known sequence number
     * @param sendSeconds  first send to last acknowledgement
     * @param peakPending  most acknowledged-but-not-received messages seen (sampled every 2 s and after sending)
     * @param all          lateness of every on-time-or-late message
     * @param levels       lateness of the delay-level half
     * @param timers       lateness of the deliver-at half
     * @param ack          send-to-acknowledgement time (a level's due time counts from the send, the broker's
     *                     from the store time, so this is included in the levels' lateness)
     */
    record Result(long acked, long failed, long received, long missing, long duplicates, long early, long maxEarlyMs,
                  long unknown, double sendSeconds, long peakPending, LatencyRecorder.Percentiles all,
                  LatencyRecorder.Percentiles levels, LatencyRecorder.Percentiles timers,
                  LatencyRecorder.Percentiles ack) {

        String report(Options o) {
            List<String> out = new ArrayList<>();
            out.add(String.format("messages %d (levels \"%s\", timer spread %d ms), sent in %.1f s (%.0f msg/s), "
                + "peak pending %d", o.messages(), o.levels(), o.spreadMs(), sendSeconds,
                acked / sendSeconds, peakPending));
            out.add(String.format("acked %d, failed %d, received %d, missing %d, duplicates %d, unknown %d", acked,
                failed, received, missing, duplicates, unknown));
            out.add(String.format("early (violation) %d, by at most %d ms", early, maxEarlyMs));
            out.add("lateness (receive - due), ms:     count      p50      p99    p99.9      max");
            out.add(line("all", all));
            out.add(line("delay levels", levels));
            out.add(line("deliver-at", timers));
            out.add(line("send -> ack (in the levels')", ack));
            return String.join("\n", out);
        }

        private static String line(String name, LatencyRecorder.Percentiles p) {
            return String.format("  %-31s %8d %8d %8d %8d %8d", name, p.count(), p.p50Ns() / 1_000_000,
                p.p99Ns() / 1_000_000, p.p999Ns() / 1_000_000, p.maxNs() / 1_000_000);
        }
    }
}
