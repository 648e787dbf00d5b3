package io.wharf.benchmarks;

import io.wharf.testkit.LatencyRecorder;
import io.wharf.store.AppendResult;
import io.wharf.store.common.AppendStatus;
import io.wharf.store.FlushMode;
import io.wharf.store.MessageStore;
import io.wharf.store.StoreConfig;
import io.wharf.store.format.RecordContent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One step of the load tool against the store: {@code writers} threads, each appending one record at a time
 * and waiting for it to be durable ({@code append(...).get()}) under {@link FlushMode#SYNC}. A record counts
 * when it started after the warmup and completed before the end of the window; the group-commit batch size is
 * records appended per force over the same window.
 */
public final class StoreSyncLoad {
    private final LoadOptions options;
    private final PrintStream progress;

    public StoreSyncLoad(LoadOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Runs one step in {@code dataDir} (which must be empty or absent) and closes the store afterwards. */
    public Measurement run(int writers, Path dataDir) throws InterruptedException {
        StoreConfig config = StoreConfig.builder(dataDir).commitLogSegmentBytes(options.segmentBytes())
            .flushMode(FlushMode.SYNC).writeThroughChannel("channel".equals(options.writeMode())).build();
        try (MessageStore store = MessageStore.open(config, InstantSource.system())) {
            RecordContent primer = BenchmarkRecords.content(0, options.bodyBytes(), "primer");
            awaitDurable(store.append(primer));
            return measure(store, writers, BenchmarkRecords.encodedLength(primer));
        }
    }

    private Measurement measure(MessageStore store, int writers, int recordBytes) throws InterruptedException {
        long measureFromNs = System.nanoTime() + 20_000_000L + options.warmup().toNanos();
        long measureToNs = measureFromNs + options.duration().toNanos();
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong timeouts = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            RecordContent content = BenchmarkRecords.content(w % 8, options.bodyBytes(), Integer.toString(w));
            Runnable loop = () -> writeLoop(store, content, recorder, measureFromNs, measureToNs, failure, timeouts);
            threads.add(Thread.ofPlatform().name("load-writer-" + w).daemon().start(loop));
        }
        sleepUntil(measureFromNs);
        long indexFrom = store.endPosition().index();
        long forcesFrom = store.flushCount();
        reportProgress(writers, recorders, measureFromNs, measureToNs);
        long indexTo = store.endPosition().index();
        long forcesTo = store.flushCount();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a writer failed", failure.get());
        }
        if (timeouts.get() > 0) {
            progress.printf("    %d appends completed with FLUSH_DISK_TIMEOUT%n", timeouts.get());
        }
        LatencyRecorder.Percentiles latency = LatencyRecorder.summarize(recorders);
        double perForce = forcesTo == forcesFrom ? 0 : (double) (indexTo - indexFrom) / (forcesTo - forcesFrom);
        return new Measurement(latency.count(), options.duration().toNanos() / 1e9, recordBytes, latency, perForce);
    }

    private void reportProgress(int writers, List<LatencyRecorder> recorders, long fromNs, long toNs) {
        long last = 0;
        for (long tick = fromNs + 1_000_000_000L; tick < toNs; tick += 1_000_000_000L) {
            sleepUntil(tick);
            // A racy read of the recorders' counts: good enough for a progress line.
            long done = recorders.stream().mapToLong(LatencyRecorder::count).sum();
            progress.printf("    store, %d writers: %.0f s, %,d records/s%n", writers, (tick - fromNs) / 1e9,
                done - last);
            last = done;
        }
        sleepUntil(toNs);
    }

    private static void writeLoop(MessageStore store, RecordContent content, LatencyRecorder recorder, long fromNs,
                                  long toNs, AtomicReference<Throwable> failure, AtomicLong timeouts) {
        while (failure.get() == null) {
            long t0 = System.nanoTime();
            if (t0 >= toNs) {
                return;
            }
            AppendStatus status;
            try {
                status = awaitDurable(store.append(content)).status();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                return;
            }
            long t1 = System.nanoTime();
            if (t0 >= fromNs && t1 <= toNs) {
                recorder.record(t1 - t0);
                if (status != AppendStatus.PUT_OK) {
                    timeouts.incrementAndGet();
                }
            }
        }
    }

    private static AppendResult awaitDurable(CompletableFuture<AppendResult> pending) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("append failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending", e);
        }
    }

    private static void sleepUntil(long deadlineNs) {
        for (long left = deadlineNs - System.nanoTime(); left > 0; left = deadlineNs - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
