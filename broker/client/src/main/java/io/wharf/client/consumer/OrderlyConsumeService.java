package io.wharf.client.consumer;

import io.wharf.client.ReceivedMessage;
import io.wharf.protocol.body.ConsumerSendBackRequest;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link MessageListenerOrderly} over each queue's messages in offset order, with at most one thread per
 * queue at a time. In clustering mode a queue is consumed only while its broker lock is valid; a queue whose lock
 * is lost stops after the current batch and resumes when the lock is granted again. A batch the listener
 * suspends is put back and delivered again (same messages first) after the suspend time; once its messages were
 * redelivered {@link ConsumerConfig#maxReconsumeTimesOrderly()} times (unbounded by default: order matters more
 * than progress), they are sent to the group's dead-letter queue and the queue moves on.
 *
 * <p>A queue's loop yields its thread after {@link #MAX_SLICE_NANOS} so busy queues share the pool.
 */
final class OrderlyConsumeService implements ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderlyConsumeService.class);
    private static final long MAX_SLICE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ConsumerConfig config;
    private final MessageListenerOrderly listener;
    private final ConsumeHooks hooks;
    private final ScheduledExecutorService timer;
    private final ConsumeExecutor pool;
    private final boolean needsLock;
    private final SendBack sendBack;
    private volatile boolean stopping;

    OrderlyConsumeService(ConsumerConfig config, MessageListenerOrderly listener, ConsumeHooks hooks,
                          ScheduledExecutorService timer, ConsumeExecutor pool, boolean needsLock) {
        this(config, listener, hooks, timer, pool, needsLock, SendBack.NONE);
    }

    OrderlyConsumeService(ConsumerConfig config, MessageListenerOrderly listener, ConsumeHooks hooks,
                          ScheduledExecutorService timer, ConsumeExecutor pool, boolean needsLock,
                          SendBack sendBack) {
        this.sendBack = sendBack;
        this.config = config;
        this.listener = listener;
        this.hooks = hooks;
        this.timer = timer;
        this.pool = pool;
        this.needsLock = needsLock;
    }

    @Override
    public void submit(ProcessQueue pq, List<ReceivedMessage> added) {
        dispatch(pq);
    }

    @Override
    public void resume(ProcessQueue pq) {
        dispatch(pq);
    }

    private void dispatch(ProcessQueue pq) {
        if (stopping || pq.isDropped() || pq.isSuspended() || !pq.hasWaiting()
            || (needsLock && !pq.isLockValid(System.nanoTime())) || !pq.startOrderlyDispatch()) {
            return;
        }
        try {
            pool.execute(() -> consumeLoop(pq));
        } catch (RejectedExecutionException e) {
            pq.endOrderlyDispatch();
        }
    }

    private void consumeLoop(ProcessQueue pq) {
        try {
            consumeBatches(pq);
        } finally {
            pq.endOrderlyDispatch();
        }
        // Messages may have arrived after the last take and before the end of the dispatch: look again.
        dispatch(pq);
    }

    private void consumeBatches(ProcessQueue pq) {
        long sliceEnd = System.nanoTime() + MAX_SLICE_NANOS;
        while (!stopping && !pq.isDropped() && System.nanoTime() < sliceEnd) {
            if (needsLock && !pq.isLockValid(System.nanoTime())) {
                LOG.debug("{} is not locked by this consumer; waiting for the lock", pq.messageQueue());
                return;
            }
            pq.orderlyConsumeLock().lock();
            try {
                if (pq.isDropped()) {
                    return;
                }
                List<ReceivedMessage> batch = pq.takeForOrderly(config.consumeMessageBatchMaxSize());
                if (batch.isEmpty() || !consume(pq, batch)) {
                    return;
                }
            } finally {
                pq.orderlyConsumeLock().unlock();
            }
        }
    }

    /** Runs the listener on one batch; true when it succeeded. */
    private boolean consume(ProcessQueue pq, List<ReceivedMessage> batch) {
        ConsumeContext ctx = new ConsumeContext(config.group(), pq.messageQueue(), batch, true, System.nanoTime());
        ConsumeOrderlyContext orderlyCtx = new ConsumeOrderlyContext(pq.messageQueue(),
            config.suspendCurrentQueueTimeMillis());
        hooks.before(ctx);
        ConsumeOrderlyStatus status = ConsumeOrderlyStatus.SUSPEND_CURRENT_QUEUE_A_MOMENT;
        RuntimeException error = null;
        boolean settledOk = false;
        try {
            ConsumeOrderlyStatus returned = listener.consumeMessage(SendBack.presented(batch), orderlyCtx);
            if (returned != null) {
                status = returned;
            }
        } catch (RuntimeException e) {
            error = e;
            LOG.warn("orderly listener threw on {}; suspending the queue", pq.messageQueue(), e);
        } finally {
            // Also reached when the listener throws an Error: the batch is then put back like any failure.
            ctx.finish(status, status == ConsumeOrderlyStatus.SUCCESS, error, System.nanoTime());
            hooks.after(ctx);
            settledOk = settle(pq, batch, status, orderlyCtx);
        }
        return settledOk;
    }

    /** Acknowledges, dead-letters or puts back the batch; true when the queue may go on. */
    private boolean settle(ProcessQueue pq, List<ReceivedMessage> batch, ConsumeOrderlyStatus status,
                           ConsumeOrderlyContext orderlyCtx) {
        long suspendMs = orderlyCtx.suspendCurrentQueueTimeMillis();
        if (status == ConsumeOrderlyStatus.SUCCESS) {
            pq.commitOrderly();
            return true;
        }
        int attempts = batch.stream().mapToInt(ReceivedMessage::reconsumeTimes).min().orElse(0);
        String reason = orderlyCtx.deadLetterReason();
        if ((reason != null || attempts >= config.maxReconsumeTimesOrderly())
            && SendBack.sendAll(sendBack, batch, ConsumerSendBackRequest.TO_DLQ, reason == null ? "" : reason)
                .isEmpty()) {
            LOG.warn("{}: {} messages failed {} times; sent to the dead-letter queue", pq.messageQueue(),
                batch.size(), attempts + 1);
            pq.commitOrderly();
            return true;
        }
        pq.rollbackOrderly(ConsumeService.redelivered(batch));
        pq.setSuspended(true);
        try {
            timer.schedule(() -> {
                pq.setSuspended(false);
                dispatch(pq);
            }, Math.max(1, suspendMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("consumer stopping; {} stays suspended", pq.messageQueue());
        }
        return false;
    }

    @Override
    public boolean shutdown(long timeoutMs) {
        stopping = true;
        return pool.shutdownAndAwait(timeoutMs);
    }
}
