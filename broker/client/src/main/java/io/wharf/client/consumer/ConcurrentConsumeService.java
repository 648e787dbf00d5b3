package io.wharf.client.consumer;

import io.wharf.client.remoting.ClientThreads;
import io.wharf.client.ReceivedMessage;
import io.wharf.protocol.body.ConsumerSendBackRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link MessageListenerConcurrently} on a pool of threads, one batch per call. A successful batch is
 * acknowledged in its {@link ProcessQueue}; a batch the listener wants again (or that made it throw) stays
 * is sent back to the broker ({@link SendBack}), which delivers it again through the group's retry topic after
 * a growing delay, or dead-letters it after {@link ConsumerConfig#maxReconsumeTimes()}; once the broker took it,
 * it is acknowledged here so the queue moves on. A message the broker did not take stays in the queue, blocking
 * its committed offset, and is delivered again locally after {@link ConsumerConfig#suspendCurrentQueueTimeMillis()}
 * with its reconsume count incremented, so nothing is lost when the broker is unreachable.
 *
 * <p>A listener call running longer than {@link ConsumerConfig#consumeTimeoutMs()} is settled by a periodic
 * sweep as if it had returned RECONSUME_LATER (sent back, then acknowledged here so the queue's offset can
 * advance); whatever the call returns later is ignored ({@link ConsumeTimeouts}).
 *
 * <p>On shutdown running listener calls finish (within the shutdown timeout); batches that have not started,
 * and redeliveries not yet due, stay unacknowledged for the queue's next owner.
 */
final class ConcurrentConsumeService implements ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentConsumeService.class);

    private final ConsumerConfig config;
    private final MessageListenerConcurrently listener;
    private final ConsumeHooks hooks;
    private final ScheduledExecutorService timer;
    private final ConsumeExecutor pool;
    private final SendBack sendBack;
    private final ConsumeTimeouts timeouts;
    /** Settles expired calls, which blocks on send-backs: not on the timer, and not on the busy pool. */
    private final ExecutorService timeoutSettler;
    private volatile boolean stopping;

    ConcurrentConsumeService(ConsumerConfig config, MessageListenerConcurrently listener, ConsumeHooks hooks,
                             ScheduledExecutorService timer, ConsumeExecutor pool) {
        this(config, listener, hooks, timer, pool, SendBack.NONE);
    }

    ConcurrentConsumeService(ConsumerConfig config, MessageListenerConcurrently listener, ConsumeHooks hooks,
                             ScheduledExecutorService timer, ConsumeExecutor pool, SendBack sendBack) {
        this.sendBack = sendBack;
        this.config = config;
        this.listener = listener;
        this.hooks = hooks;
        this.timer = timer;
        this.pool = pool;
        this.timeouts = new ConsumeTimeouts(config.consumeTimeoutMs());
        this.timeoutSettler = Executors.newSingleThreadExecutor(
            ClientThreads.daemon("wharf-consume-timeout-" + config.group()));
        long sweepMs = ConsumeTimeouts.sweepPeriodMs(config.consumeTimeoutMs());
        timer.scheduleWithFixedDelay(this::sweepTimeouts, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
    }

    private void sweepTimeouts() {
        for (ConsumeTimeouts.Call c : timeouts.expired(System.nanoTime())) {
            LOG.warn("listener call on {} messages of {} exceeded the consume timeout of {} ms; sending them back",
                c.batch().size(), c.pq().messageQueue(), config.consumeTimeoutMs());
            try {
                timeoutSettler.execute(() -> settle(c.pq(), c.batch(), ConsumeConcurrentlyStatus.RECONSUME_LATER,
                    null));
            } catch (RejectedExecutionException e) {
                LOG.debug("consumer stopping; timed-out messages of {} stay unacknowledged", c.pq().messageQueue());
            }
        }
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
        // Once shutdown starts, batches that have not started are skipped (like an orderly queue's next batch):
        // they stay unacknowledged, so the queue's committed offset stops at the first of them and the next owner
        // consumes them; batches of one queue start in pull order, so nothing after them has finished. Running
        // calls finish within the shutdown timeout. A dropped queue's batches do not run either.
        if (pq.isDropped() || stopping) {
            return;
        }
        ConsumeContext ctx = new ConsumeContext(config.group(), pq.messageQueue(), batch, false, System.nanoTime());
        hooks.before(ctx);
        ConsumeConcurrentlyStatus status = ConsumeConcurrentlyStatus.RECONSUME_LATER;
        RuntimeException error = null;
        ConsumeTimeouts.Call call = timeouts.started(pq, batch, System.nanoTime());
        ConsumeConcurrentlyContext listenerCtx = new ConsumeConcurrentlyContext(pq.messageQueue());
        try {
            ConsumeConcurrentlyStatus returned = listener.consumeMessage(SendBack.presented(batch), listenerCtx);
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
            if (timeouts.finished(call)) {
                settle(pq, batch, status, listenerCtx.deadLetterReason());
            } else {
                LOG.info("listener call on {} messages of {} ended after its consume timeout; result {} ignored",
                    batch.size(), pq.messageQueue(), status);
            }
        }
    }

    /** Acknowledges the batch, or sends it back: to the retry ladder, or to the DLQ when a reason is given. */
    private void settle(ProcessQueue pq, List<ReceivedMessage> batch, ConsumeConcurrentlyStatus status,
                        String deadLetterReason) {
        if (pq.isDropped()) {
            return;
        }
        if (status == ConsumeConcurrentlyStatus.CONSUME_SUCCESS) {
            pq.acknowledge(batch);
            return;
        }
        List<ReceivedMessage> refused = deadLetterReason == null ? SendBack.sendAll(sendBack, batch, 0, "")
            : SendBack.sendAll(sendBack, batch, ConsumerSendBackRequest.TO_DLQ, deadLetterReason);
        if (refused.size() < batch.size()) {
            List<ReceivedMessage> taken = new ArrayList<>(batch);
            taken.removeAll(refused);
            pq.acknowledge(taken);
        }
        if (refused.isEmpty()) {
            return;
        }
        List<ReceivedMessage> again = ConsumeService.redelivered(refused);
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
        boolean idle = pool.shutdownAndAwait(timeoutMs);
        timeoutSettler.shutdown();
        return idle;
    }
}
