package io.wharf.client.producer;

import io.wharf.client.WharfClientException;
import io.wharf.client.remoting.BrokerProxy.SendReply;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.Status;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical send with its retries. Each attempt asks the route cache for the queue count, picks a queue with
 * the {@link QueueChoice} and sends with the time left of the budget. Only failures that say nothing about the
 * message itself are retried: timeouts, lost connections, STORE_FAILED and SYSTEM_BUSY; BAD_REQUEST,
 * UNKNOWN_TOPIC, MESSAGE_TOO_LARGE and the like fail at once. Leader changes are followed within each attempt (by
 * the {@link io.wharf.client.remoting.BrokerProxy}) and cost no attempt; the route lookup, too, keeps to the
 * budget.
 */
final class SendOperation {
    private static final Logger LOG = LoggerFactory.getLogger(SendOperation.class);

    /** One attempt: send to this queue (-1: broker chooses) within this many milliseconds. */
    @FunctionalInterface
    interface Attempt {
        CompletableFuture<SendReply> send(int queueId, long timeoutMs);
    }

    private final String topic;
    private final TopicRouteCache routes;
    private final QueueChoice choice;
    private final Attempt attempt;
    private final int maxAttempts;
    private final long deadlineNanos;
    private volatile int attempts;
    private volatile int lastQueueId = -1;

    SendOperation(String topic, TopicRouteCache routes, QueueChoice choice, Attempt attempt, int maxAttempts,
                  long deadlineNanos) {
        this.topic = topic;
        this.routes = routes;
        this.choice = choice;
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.deadlineNanos = deadlineNanos;
    }

    /** Runs the attempts; completes with the broker's reply or the last failure. */
    CompletableFuture<SendReply> run() {
        attempts++;
        return routes.queueCount(topic, Math.max(1, leftMs()))
            .thenCompose(count -> {
                int queueId = choice.choose(count, lastQueueId);
                lastQueueId = queueId;
                long leftMs = leftMs();
                if (leftMs <= 0) {
                    throw WharfClientException.timeout("send to " + topic + " ran out of its time budget");
                }
                return attempt.send(queueId, leftMs).thenApply(reply -> {
                    if (count == TopicRouteCache.UNKNOWN) {
                        routes.invalidate(topic);
                    }
                    return reply;
                });
            })
            .handle((reply, error) -> error == null ? CompletableFuture.completedFuture(reply)
                : afterFailure(Futures.unwrap(error)))
            .thenCompose(Function.identity());
    }

    private CompletableFuture<SendReply> afterFailure(Throwable error) {
        routes.invalidate(topic);
        if (isRetriable(error)) {
            if (attempts < maxAttempts && leftMs() > 0) {
                LOG.debug("send to {} queue {} failed ({}); attempt {} of {}", topic, lastQueueId, error.toString(),
                    attempts + 1, maxAttempts);
                return run();
            }
        }
        return CompletableFuture.failedFuture(error);
    }

    /** True for failures that may pass on another attempt. */
    static boolean isRetriable(Throwable error) {
        if (error instanceof WharfClientException w) {
            return w.isTransportFailure() || w.status() == Status.STORE_FAILED || w.status() == Status.SYSTEM_BUSY;
        }
        return false;
    }

    int attempts() {
        return attempts;
    }

    private long leftMs() {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }
}
