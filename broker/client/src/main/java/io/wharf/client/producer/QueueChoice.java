package io.wharf.client.producer;

import io.wharf.client.Message;
import io.wharf.client.MessageQueue;
import io.wharf.client.WharfClientException;
import io.wharf.protocol.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** How a send picks its queue on each attempt; -1 lets the broker choose. */
@FunctionalInterface
interface QueueChoice {
    /**
     * @param queueCount  the topic's queue count, or {@link TopicRouteCache#UNKNOWN}
     * @param lastQueueId the queue of the previous, failed attempt, or -1 on the first attempt
     */
    int choose(int queueCount, int lastQueueId);

    /** Round robin over the topic's queues; a retry goes to the queue after the one that failed. */
    static QueueChoice roundRobin(AtomicInteger counter) {
        return (count, last) -> {
            if (count == TopicRouteCache.UNKNOWN) {
                return -1;
            }
            return last < 0 ? Math.floorMod(counter.getAndIncrement(), count) : (last + 1) % count;
        };
    }

    /** The selector's queue, the same on every attempt (ordered sends must not move to another queue). */
    static QueueChoice selected(String topic, MessageQueueSelector selector, Message message, Object arg) {
        return (count, last) -> {
            if (count == TopicRouteCache.UNKNOWN) {
                throw WharfClientException.ofStatus(Status.UNKNOWN_TOPIC,
                    "topic " + topic + " does not exist; ordered sends need its queues");
            }
            List<MessageQueue> queues = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                queues.add(new MessageQueue(topic, i));
            }
            MessageQueue chosen = selector.select(queues, message, arg);
            if (chosen == null || !chosen.topic().equals(topic) || chosen.queueId() >= count) {
                throw new IllegalArgumentException("selector chose " + chosen + ", not one of " + queues);
            }
            return chosen.queueId();
        };
    }

    /** A fresh round-robin counter starting at a random queue, so producers do not all start at queue 0. */
    static AtomicInteger newCounter() {
        return new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));
    }
}
