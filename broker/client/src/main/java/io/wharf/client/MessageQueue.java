package io.wharf.client;

import java.util.Objects;

/**
 * One queue of a topic: the unit of ordering, of assignment to a consumer and of committed offsets.
 *
 * @param topic   the topic
 * @param queueId the queue's index, from 0 to the topic's queue count - 1
 */
public record MessageQueue(String topic, int queueId) implements Comparable<MessageQueue> {
    public MessageQueue {
        Objects.requireNonNull(topic, "topic");
        if (queueId < 0) {
            throw new IllegalArgumentException("queueId must be >= 0, got " + queueId);
        }
    }

    @Override
    public int compareTo(MessageQueue other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(queueId, other.queueId);
    }

    @Override
    public String toString() {
        return topic + "@" + queueId;
    }
}
