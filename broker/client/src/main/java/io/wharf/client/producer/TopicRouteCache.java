package io.wharf.client.producer;

import io.wharf.client.WharfClientException;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue counts of the topics a producer sends to, fetched with TOPIC_ROUTE on first use, refreshed by
 * {@link #refreshAll()} (every 30 s by default) and forgotten after a send to the topic failed. A topic the broker
 * does not know is cached with {@link #UNKNOWN} queues: sends then let the broker choose the queue (and create the
 * topic if it is configured to).
 */
final class TopicRouteCache {
    /** The queue count of a topic the broker did not know. */
    static final int UNKNOWN = 0;

    private static final Logger LOG = LoggerFactory.getLogger(TopicRouteCache.class);

    private final BrokerProxy broker;
    private final long timeoutMs;
    private final ConcurrentHashMap<String, CompletableFuture<Integer>> queueCounts = new ConcurrentHashMap<>();

    TopicRouteCache(BrokerProxy broker, long timeoutMs) {
        this.broker = broker;
        this.timeoutMs = timeoutMs;
    }

    /** The topic's queue count, or {@link #UNKNOWN}; fails only when the broker could not be asked. */
    CompletableFuture<Integer> queueCount(String topic) {
        return queueCount(topic, timeoutMs);
    }

    /**
     * The topic's queue count, asking the broker within {@code budgetMs} if it is not cached (a lookup under way
     * for another caller is shared, with that caller's budget).
     */
    CompletableFuture<Integer> queueCount(String topic, long budgetMs) {
        CompletableFuture<Integer> cached = queueCounts.computeIfAbsent(topic,
            t -> fetch(t, Math.min(budgetMs, timeoutMs)));
        cached.whenComplete((count, error) -> {
            if (error != null) {
                queueCounts.remove(topic, cached);
            }
        });
        return cached;
    }

    private CompletableFuture<Integer> fetch(String topic, long budgetMs) {
        return broker.queueCount(topic, budgetMs).exceptionallyCompose(error -> {
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof WharfClientException w && w.status() == Status.UNKNOWN_TOPIC) {
                return CompletableFuture.completedFuture(UNKNOWN);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** Forgets the topic's queue count: the next send asks the broker again. */
    void invalidate(String topic) {
        queueCounts.remove(topic);
    }

    /** Asks the broker again for every cached topic, keeping the old count if asking fails. */
    void refreshAll() {
        for (String topic : queueCounts.keySet()) {
            fetch(topic, timeoutMs).whenComplete((count, error) -> {
                if (error == null) {
                    queueCounts.put(topic, CompletableFuture.completedFuture(count));
                } else {
                    LOG.debug("refreshing the route of {} failed: {}", topic, error.toString());
                }
            });
        }
    }
}
