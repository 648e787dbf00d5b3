package io.wharf.client.consumer;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a consumer's listener calls run: a pool of the consumer's own ({@link ConsumeThreadPool}) or an executor
 * the application shares among its consumers (virtual threads, a framework's blocking pool). Either way it
 * counts the tasks handed to it, so {@link #shutdownAndAwait} can wait for this consumer's work alone without
 * shutting down a shared executor.
 */
final class ConsumeExecutor {
    private final Executor executor;
    private final ThreadPoolExecutor ownPool;
    private final Object lock = new Object();
    private int inFlight;
    private volatile boolean shutdown;

    private ConsumeExecutor(Executor executor, ThreadPoolExecutor ownPool) {
        this.executor = executor;
        this.ownPool = ownPool;
    }

    /** A pool of the consumer's own: {@code min} threads up front, grown to {@code max} under load. */
    static ConsumeExecutor ownPool(int min, int max, ThreadFactory threads) {
        ThreadPoolExecutor pool = ConsumeThreadPool.create(min, max, threads);
        return new ConsumeExecutor(pool, pool);
    }

    /** Runs listener calls on {@code shared}, which this never shuts down. */
    static ConsumeExecutor shared(Executor shared) {
        return new ConsumeExecutor(shared, null);
    }

    /**
     * Hands {@code task} to the executor.
     *
     * @throws RejectedExecutionException after {@link #shutdownAndAwait}, or when the executor refuses it
     */
    void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("consumer is shutting down");
        }
        synchronized (lock) {
            inFlight++;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } finally {
                    finished();
                }
            });
        } catch (RejectedExecutionException e) {
            finished();
            throw e;
        }
    }

    private void finished() {
        synchronized (lock) {
            if (--inFlight == 0) {
                lock.notifyAll();
            }
        }
    }

    /**
     * Refuses new tasks and waits up to {@code timeoutMs} for the ones handed over to finish; true when all did.
     * A pool of the consumer's own is then shut down. An interrupt is restored.
     */
    boolean shutdownAndAwait(long timeoutMs) {
        shutdown = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean idle;
        synchronized (lock) {
            try {
                long left;
                while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            idle = inFlight == 0;
        }
        if (ownPool != null) {
            ownPool.shutdown();
        }
        return idle;
    }
}
