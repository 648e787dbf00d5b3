package io.wharf.client.consumer;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The listener threads: {@code min} started up front, more added up to {@code max} while every thread is busy,
 * and the extra ones retired after a minute idle. (A plain ThreadPoolExecutor with an unbounded queue never grows
 * past its core size, so the queue here refuses tasks while the pool can still grow.)
 */
final class ConsumeThreadPool {
    private static final long IDLE_SECONDS = 60;

    private ConsumeThreadPool() {
    }

    static ThreadPoolExecutor create(int min, int max, ThreadFactory threads) {
        GrowFirstQueue queue = new GrowFirstQueue();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(min, max, IDLE_SECONDS, TimeUnit.SECONDS, queue, threads,
            (task, executor) -> {
                if (executor.isShutdown()) {
                    throw new RejectedExecutionException("consume threads are shut down");
                }
                queue.enqueue(task);
            });
        queue.pool = pool;
        pool.prestartAllCoreThreads();
        return pool;
    }


    /** Declines a task while the pool has fewer idle threads than queued tasks and may still grow. */
    private static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private volatile ThreadPoolExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            ThreadPoolExecutor p = pool;
            if (p != null && p.getPoolSize() < p.getMaximumPoolSize()
                && p.getActiveCount() + size() >= p.getPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
