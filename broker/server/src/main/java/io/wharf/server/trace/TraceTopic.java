package io.wharf.server.trace;

import io.wharf.server.topic.TopicRegistry;

/** The default message-trace topic, created by the broker at start so traced clients can write to it. */
public final class TraceTopic {
    /** Where clients write trace records unless they name another topic. */
    public static final String DEFAULT = io.wharf.protocol.SystemTopics.TRACE_TOPIC;
    /** Queues of the trace topic when the broker creates it. */
    public static final int QUEUES = 4;

    private TraceTopic() {
    }

    /** Creates the trace topic unless it exists. */
    public static void ensure(TopicRegistry topics) {
        if (topics.all().stream().noneMatch(t -> t.name().equals(DEFAULT))) {
            topics.createOrUpdate(DEFAULT, QUEUES);
        }
    }
}
