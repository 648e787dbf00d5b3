package io.wharf.store.log;

import io.wharf.store.common.FailStop;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * ASYNC flush: a thread forces whatever was written every interval. Appends complete as soon as they are in
 * the page cache, so a machine crash can lose up to one interval of acknowledged records; a process crash
 * loses nothing, because the page cache survives it. The first I/O error stops the store.
 */
public final class PeriodicFlusher implements AutoCloseable {
    private final CommitLog log;
    private final FlushListener listener;
    private final FailStop failStop;
    private final long intervalNs;
    private final Thread thread;
    private volatile boolean running = true;

    public PeriodicFlusher(CommitLog log, FlushListener listener, FailStop failStop, Duration interval) {
        this.log = log;
        this.listener = listener;
        this.failStop = failStop;
        this.intervalNs = interval.toNanos();
        this.thread = new Thread(this::run, "wharf-periodic-flush");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(this, intervalNs);
            if (!flushNow()) {
                return;
            }
        }
        flushNow();
    }

    private boolean flushNow() {
        LogPosition end = log.position();
        if (end.offset() <= log.flushedOffset()) {
            return true;
        }
        try {
            log.flush(end.offset());
        } catch (RuntimeException | InternalError e) {
            failStop.fail("forcing the commit log", e);
            running = false;
            return false;
        }
        listener.onFlushed(end);
        return true;
    }

    /** Flushes everything written, then stops the thread. */
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
}
