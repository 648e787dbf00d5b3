package io.wharf.benchmarks.broker;

import io.wharf.testkit.LatencyRecorder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed loop of synchronous sends: N threads share one {@link MessageSender} and each sends the next message
 * as soon as the previous one was acknowledged. A send counts when it completes inside the measured window
 * (after the warmup, before the end); its latency runs from the call to the return. Bounded by time and by a
 * message count; prints progress every two seconds.
 */
final class SendLoad {
    /** How long to wait for a thread's last send after the window closed (the client's send timeout is 3 s). */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private SendLoad() {
    }

    /**
     * Runs the loop.
     *
     * @param maxMessages stop after this many sends were started (warmup included), whatever the time
     */
    static SendResult run(MessageSender sender, int threads, Duration warmup, Duration duration, long maxMessages,
                          byte[] body, PrintStream progress) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        AtomicLong tickets = new AtomicLong();
        LongAdder completed = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker(sender, body, measureFrom, end, maxMessages, tickets, completed, firstError);
            w.thread = new Thread(w, "bench-send-" + i);
            w.thread.setDaemon(true);
            workers.add(w);
        }
        workers.forEach(w -> w.thread.start());
        report(workers, start, measureFrom, end, completed, progress);
        long okInWindow = 0;
        long errors = 0;
        long lastCompletion = measureFrom;
        List<LatencyRecorder> recorders = new ArrayList<>();
        for (Worker w : workers) {
            okInWindow += w.latencies.count();
            errors += w.errors;
            lastCompletion = Math.max(lastCompletion, w.lastCompletion);
            recorders.add(w.latencies);
        }
        // A count-bounded run (the backlog fill) ends before its window does: measure up to its last send.
        double seconds = (Math.min(end, Math.max(lastCompletion, measureFrom + 1)) - measureFrom) / 1e9;
        return new SendResult(okInWindow, seconds, body.length, LatencyRecorder.summarize(recorders), errors,
            firstError.get());
    }

    private static void report(List<Worker> workers, long start, long measureFrom, long end, LongAdder completed,
                               PrintStream progress) throws InterruptedException {
        long lastCount = 0;
        long lastAt = start;
        long joinDeadline = end + JOIN_TIMEOUT.toNanos();
        for (Worker w : workers) {
            while (w.thread.isAlive()) {
                long now = System.nanoTime();
                if (now > joinDeadline) {
                    w.thread.interrupt();
                    break;
                }
                w.thread.join(200);
                now = System.nanoTime();
                if (now - lastAt >= PROGRESS_EVERY_NANOS) {
                    long count = completed.sum();
                    progress.printf(Locale.ROOT, "      %5.1f s%s: %,.0f msgs/s, %,d sent%n", (now - start) / 1e9,
                        now < measureFrom ? " (warmup)" : "", (count - lastCount) / ((now - lastAt) / 1e9), count);
                    lastCount = count;
                    lastAt = now;
                }
            }
        }
    }

    private static final class Worker implements Runnable {
        final MessageSender sender;
        final byte[] body;
        final long measureFrom;
        final long end;
        final long maxMessages;
        final AtomicLong tickets;
        final LongAdder completed;
        final AtomicReference<String> firstError;
        final LatencyRecorder latencies = new LatencyRecorder();
        Thread thread;
        long errors;
        long lastCompletion;

        Worker(MessageSender sender, byte[] body, long measureFrom, long end, long maxMessages, AtomicLong tickets,
               LongAdder completed, AtomicReference<String> firstError) {
            this.sender = sender;
            this.body = body;
            this.measureFrom = measureFrom;
            this.end = end;
            this.maxMessages = maxMessages;
            this.tickets = tickets;
            this.completed = completed;
            this.firstError = firstError;
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                long t0 = System.nanoTime();
                if (t0 >= end || tickets.getAndIncrement() >= maxMessages) {
                    return;
                }
                boolean ok;
                try {
                    sender.send(body);
                    ok = true;
                } catch (Exception e) {
                    ok = false;
                    firstError.compareAndSet(null, e.toString());
                }
                long t1 = System.nanoTime();
                completed.increment();
                if (t1 >= measureFrom && t1 <= end) {
                    if (ok) {
                        latencies.record(t1 - t0);
                        lastCompletion = t1;
                    } else {
                        errors++;
                    }
                }
            }
        }
    }
}
