package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import java.util.List;

/**
 * A consumer's state for health checks and metrics.
 *
 * @param group    the consumer group
 * @param clientId this member's id
 * @param running  true between start and shutdown
 * @param queues   the queues assigned to this member now, sorted
 */
public record ConsumerStatus(String group, String clientId, boolean running, List<QueueLag> queues) {
    public ConsumerStatus {
        queues = List.copyOf(queues);
    }

    /** Messages stored but not yet consumed, over every assigned queue. */
    public long totalLag() {
        return queues.stream().mapToLong(QueueLag::lag).sum();
    }

    /**
     * One assigned queue.
     *
     * @param queue     the queue
     * @param committed the lowest offset not yet consumed successfully
     * @param maxOffset the queue's max offset as the broker last reported it, or -1 before the first pull
     * @param lag       {@code maxOffset - committed} (0 before the first pull)
     * @param inFlight  messages pulled and not yet acknowledged
     * @param lastPullMs when the broker last answered a pull of this queue (epoch ms), or -1 before the first
     *                  answer. A quiet queue's pull is held by the broker up to the consumer's poll timeout, so
     *                  an age beyond that (plus the request timeout) means its pulls stopped being answered
     */
    public record QueueLag(MessageQueue queue, long committed, long maxOffset, long lag, int inFlight,
                           long lastPullMs) {
    }
}
