package io.wharf.store.log;

import io.wharf.store.AppendStatus;
import io.wharf.store.FailStop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * SYNC flush by group commit. Appenders submit the end position of what they wrote; one flusher thread takes
 * every request waiting, forces the log once up to the last of them and completes them all. While a force is
 * under way new requests pile up, so batches grow with load and shrink when it drops, with no timer or sleep.
 *
 * <p>A request not completed within the flush timeout completes with {@link AppendStatus#FLUSH_DISK_TIMEOUT}
 * (the bytes may still become durable). The first I/O error stops the flusher for good: it and every later
 * request fail with the store's {@link io.wharf.store.StoreFailedException}.
 */
public final class GroupCommitFlusher implements AutoCloseable {
    private final LongConsumer forceUpTo;
    private final FlushListener listener;
    private final FailStop failStop;
    private final long timeoutNs;
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final LongAdder forces = new LongAdder();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /**
     * @param forceUpTo forces every byte below the given offset to the device (normally
     *                  {@link CommitLog#flush(long)}); it signals an I/O failure by throwing
     */
    public GroupCommitFlusher(LongConsumer forceUpTo, FlushListener listener, FailStop failStop,
                              Duration timeout) {
        this.forceUpTo = forceUpTo;
        this.listener = listener;
        this.failStop = failStop;
        this.timeoutNs = timeout.toNanos();
        this.thread = new Thread(this::run, "wharf-group-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Asks for everything up to {@code end} to be forced. Must be called in log order (under the append lock).
     */
    public CompletableFuture<AppendStatus> submit(LogPosition end) {
        CompletableFuture<AppendStatus> done = new CompletableFuture<>();
        done.completeOnTimeout(AppendStatus.FLUSH_DISK_TIMEOUT, timeoutNs, TimeUnit.NANOSECONDS);
        queue.add(new Request(end, done));
        RuntimeException failed = failure;
        if (failed != null) {
            // The flusher has stopped: fail what it can no longer drain. Checked after the add, and set by the
            // flusher before its last drain, so each request is failed here or there, never left waiting.
            failQueued(failed);
        } else {
            LockSupport.unpark(thread);
        }
        return done;
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            Request r = queue.poll();
            if (r != null) {
                batch.add(r);
                continue;
            }
            if (!batch.isEmpty()) {
                if (!flush(batch)) {
                    return;
                }
                continue;
            }
            if (!running) {
                return;
            }
            LockSupport.park(this);
        }
    }

    private boolean flush(List<Request> batch) {
        LogPosition end = batch.get(batch.size() - 1).end();
        try {
            forceUpTo.accept(end.offset());
        } catch (RuntimeException | InternalError e) {
            failure = failStop.fail("forcing the commit log", e);
            batch.forEach(r -> r.done().completeExceptionally(failure));
            failQueued(failure);
            running = false;
            return false;
        }
        forces.increment();
        listener.onFlushed(end);
        for (Request r : batch) {
            r.done().complete(AppendStatus.PUT_OK);
        }
        batch.clear();
        return true;
    }

    private void failQueued(RuntimeException cause) {
        for (Request r; (r = queue.poll()) != null; ) {
            r.done().completeExceptionally(cause);
        }
    }

    /** How many forces the flusher has completed; records appended divided by this is the mean batch. */
    public long forceCount() {
        return forces.sum();
    }

    /** Flushes what is queued, then stops the thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Request(LogPosition end, CompletableFuture<AppendStatus> done) {
    }
}
