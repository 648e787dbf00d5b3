package io.wharf.benchmarks.broker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Counts what a consumer's listener calls deliver and notes when the first message and the {@code expected}-th
 * arrived. Listener threads call {@link #delivered}; the tool's thread waits in {@link #await}.
 */
final class DrainCounter {
    private final long expected;
    private final int bodyBytes;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    private volatile long lastNanos;

    DrainCounter(long expected, int bodyBytes) {
        this.expected = expected;
        this.bodyBytes = bodyBytes;
    }

    /** One listener call with {@code n} messages. */
    void delivered(int n) {
        long now = System.nanoTime();
        if (firstNanos.get() == 0) {
            firstNanos.compareAndSet(0, now);
        }
        long total = count.addAndGet(n);
        if (total >= expected && total - n < expected) {
            lastNanos = now;
            done.countDown();
        }
    }

    /** Waits until the backlog arrived or {@code timeout} passed, reporting progress about once a second. */
    DrainResult await(Duration timeout, LongConsumer progress) throws InterruptedException {
        long deadline = startNanos + timeout.toNanos();
        while (!done.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            progress.accept(count.get());
        }
        return new DrainResult(expected, count.get(), startNanos, firstNanos.get(), lastNanos, bodyBytes);
    }
}
