package io.wharf.store.log;

import io.wharf.store.common.AppendStatus;
import io.wharf.store.common.FailStop;
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
 * (the bytes may still become durable). One watchdog thread looks for such requests a few times per timeout
 * (requests wait in log order, so it stops at the first that is still in time); a timer per request cost a
 * scheduled task and a wake-up of the timer thread for every append. The first I/O error stops the flusher for
 * good: it and every later request fail with the store's {@link io.wharf.store.common.StoreFailedException}.
 *
 * <p>A thread that appends a burst of records (a network thread handling what it read at once) may hold back
 * the flusher's wake-up until the burst is over ({@link #beginBurst()}), so the burst shares one force.
 */
public final class GroupCommitFlusher implements AutoCloseable {
    private final LongConsumer forceUpTo;
    private final FlushListener listener;
    private final FailStop failStop;
    private final long timeoutNs;
    private static final Request[] NONE = new Request[0];
    private static final long MAX_WATCHDOG_PERIOD_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ThreadLocal<Burst> burst = ThreadLocal.withInitial(Burst::new);
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final Thread watchdog;
    private final long watchdogPeriodNs;
    /** The batch being forced, for the watchdog; empty between forces. */
    private volatile Request[] inFlight = NONE;
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
        this.watchdogPeriodNs = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
            Math.min(timeoutNs / 4, MAX_WATCHDOG_PERIOD_NS));
        this.watchdog = new Thread(this::watchTimeouts, "wharf-flush-timeout");
        this.watchdog.setDaemon(true);
        this.thread.start();
        this.watchdog.start();
    }

    /**
     * Asks for everything up to {@code end} to be forced. Must be called in log order (under the append lock).
     */
    public CompletableFuture<AppendStatus> submit(LogPosition end) {
        CompletableFuture<AppendStatus> done = new CompletableFuture<>();
        queue.add(new Request(end, done, System.nanoTime() + timeoutNs));
        RuntimeException failed = failure;
        if (failed != null) {
            // The flusher has stopped: fail what it can no longer drain. Checked after the add, and set by the
            // flusher before its last drain, so each request is failed here or there, never left waiting.
            failQueued(failed);
        } else {
            Burst b = burst.get();
            if (b.open) {
                b.wakePending = true;
            } else {
                LockSupport.unpark(thread);
            }
        }
        return done;
    }

    /**
     * Until {@link #endBurst()}, submits from this thread do not wake the flusher: a network thread that is
     * handling a burst of sends read at once lets the whole burst into one force, where waking the flusher on
     * the first send would force that one alone (waking it costs about as much as the force here). Must be
     * followed by {@code endBurst()} on the same thread; the watchdog wakes a flusher that was left asleep.
     */
    public void beginBurst() {
        burst.get().open = true;
    }

    /** Ends this thread's burst and wakes the flusher if a submit of the burst did not. */
    public void endBurst() {
        Burst b = burst.get();
        b.open = false;
        if (b.wakePending) {
            b.wakePending = false;
            LockSupport.unpark(thread);
        }
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
        inFlight = batch.toArray(NONE);
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
        inFlight = NONE;
        batch.clear();
        return true;
    }

    /** The watchdog's loop: completes overdue requests with FLUSH_DISK_TIMEOUT until the flusher has stopped. */
    private void watchTimeouts() {
        while (running || thread.isAlive()) {
            LockSupport.parkNanos(this, watchdogPeriodNs);
            long now = System.nanoTime();
            for (Request r : inFlight) {
                r.timeOutIfDue(now);
            }
            for (Request r : queue) {
                if (!r.timeOutIfDue(now)) {
                    break;
                }
            }
            if (!queue.isEmpty()) {
                // A burst that never ended would leave the flusher asleep: cost a period, never a timeout.
                LockSupport.unpark(thread);
            }
        }
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
            LockSupport.unpark(watchdog);
            watchdog.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One thread's burst state (see {@link #beginBurst()}). */
    private static final class Burst {
        boolean open;
        boolean wakePending;
    }

    private record Request(LogPosition end, CompletableFuture<AppendStatus> done, long deadlineNs) {
        /** Completes with FLUSH_DISK_TIMEOUT if the deadline passed (a no-op once done); false if still in time. */
        boolean timeOutIfDue(long nowNs) {
            if (nowNs - deadlineNs < 0) {
                return false;
            }
            done.complete(AppendStatus.FLUSH_DISK_TIMEOUT);
            return true;
        }
    }
}
