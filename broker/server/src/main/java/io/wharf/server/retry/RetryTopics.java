package io.wharf.server.retry;

import io.wharf.server.topic.TopicRegistry;

/** The names of a group's retry topic and dead-letter queue, and their creation (one queue each). */
public final class RetryTopics {
    public static final String RETRY_PREFIX = io.wharf.protocol.SystemTopics.RETRY_PREFIX;
    public static final String DLQ_PREFIX = io.wharf.protocol.SystemTopics.DLQ_PREFIX;

    private RetryTopics() {
    }

    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    public static String dlqTopic(String group) {
        return DLQ_PREFIX + group;
    }

    /** Creates the topic with one queue unless it exists. */
    static void ensure(TopicRegistry topics, String name) {
        if (topics.all().stream().noneMatch(t -> t.name().equals(name))) {
            topics.createOrUpdate(name, 1);
        }
    }
}
