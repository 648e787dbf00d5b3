package io.wharf.client.consumer;

import io.wharf.protocol.ReceivedMessage;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link MessageListenerConcurrently} on a pool of threads, one batch per call. A successful batch is
 * acknowledged in its {@link ProcessQueue}; a batch the listener wants again (or that made it throw) stays
 * there, blocking the queue's committed offset, and is delivered again after
 * {@link ConsumerConfig#suspendCurrentQueueTimeMillis()} with its reconsume counts incremented. (Later the broker's
 * retry topics will take such messages so the queue can move on.)
 *
 * <p>On shutdown the batches already handed to the pool are still consumed (within the shutdown timeout);
 * redeliveries not yet due are not.
 */
final class ConcurrentConsumeService implements ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentConsumeService.class);

    private final ConsumerConfig config;
    private final MessageListenerConcurrently listener;
    private final ConsumeHooks hooks;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor pool;
    private volatile boolean stopping;

    ConcurrentConsumeService(ConsumerConfig config, MessageListenerConcurrently listener, ConsumeHooks hooks,
                             ScheduledExecutorService timer, ThreadPoolExecutor pool) {
        this.config = config;
        this.listener = listener;
        this.hooks = hooks;
        this.timer = timer;
        this.pool = pool;
    }

    @Override
    public void submit(ProcessQueue pq, List<ReceivedMessage> added) {
        int batchSize = config.consumeMessageBatchMaxSize();
        for (int from = 0; from < added.size(); from += batchSize) {
            List<ReceivedMessage> batch = List.copyOf(added.subList(from, Math.min(from + batchSize, added.size())));
            execute(pq, batch);
        }
    }

    @Override
    public void resume(ProcessQueue pq) {
        // Concurrent consumption does not pause queues.
    }

    private void execute(ProcessQueue pq, List<ReceivedMessage> batch) {
        try {
            pool.execute(() -> consume(pq, batch));
        } catch (RejectedExecutionException e) {
            if (!stopping) {
                LOG.warn("consume pool refused a batch of {}; it stays unacknowledged", pq.messageQueue());
            }
        }
    }

    private void consume(ProcessQueue pq, List<ReceivedMessage> batch) {
        // Batches queued before shutdown still run (the pool drains its queue), so a clean shutdown leaves no gaps
        // below the pulled messages and the next owner sees no duplicates. A dropped queue's batches do not run.
        if (pq.isDropped()) {
            return;
        }
        ConsumeContext ctx = new ConsumeContext(config.group(), pq.messageQueue(), batch, false, System.nanoTime());
        hooks.before(ctx);
        ConsumeConcurrentlyStatus status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        RuntimeException error = null;
        try {
            ConsumeConcurrentlyStatus returned = listener.consumeMessage(batch,
                new ConsumeConcurrentlyContext(pq.messageQueue()));
            if (returned != null) {
                status = returned;
            }
        } catch (RuntimeException e) {
            error = e;
            LOG.warn("listener threw on {} messages of {}; they will be delivered again", batch.size(),
                pq.messageQueue(), e);
        } finally {
            // Also reached when the listener throws an Error: the batch is then redelivered like any failure.
            ctx.finish(status, status == ConsumeConcurrentlyStatus.CONSUME_SUCCESS, error, System.nanoTime());
            hooks.after(ctx);
            settle(pq, batch, status);
        }
    }

    private void settle(ProcessQueue pq, List<ReceivedMessage> batch, ConsumeConcurrentlyStatus status) {
        if (pq.isDropped()) {
            return;
        }
        if (status == ConsumeConcurrentlyStatus.CONSUME_SUCCESS) {
            pq.acknowledge(batch);
            return;
        }
        List<ReceivedMessage> again = ConsumeService.redelivered(batch);
        pq.replace(again);
        try {
            timer.schedule(() -> execute(pq, again), config.suspendCurrentQueueTimeMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("consumer stopping; {} messages of {} stay unacknowledged", again.size(), pq.messageQueue());
        }
    }

    @Override
    public boolean shutdown(long timeoutMs) {
        stopping = true;
        return ConsumeThreadPool.shutdownAndAwait(pool, timeoutMs);
    }
}
