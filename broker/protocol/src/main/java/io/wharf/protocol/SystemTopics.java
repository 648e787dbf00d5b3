package io.wharf.protocol;

/**
 * The names of the broker's own topics and of the per-group topics it derives, shared by broker and client so
 * that neither side spells them on its own.
 */
public final class SystemTopics {
    /** A consumer group's retry topic is this prefix plus the group name: {@code %RETRY%<group>}. */
    public static final String RETRY_PREFIX = "%RETRY%";
    /** A consumer group's dead-letter queue is this prefix plus the group name: {@code %DLQ%<group>}. */
    public static final String DLQ_PREFIX = "%DLQ%";
    /** Where message trace records go unless a client names another topic. */
    public static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    /** The producer group of the client's internal trace producer. */
    public static final String TRACE_PRODUCER_GROUP = "_WHARF_TRACE_PRODUCER";
    /** Half (prepared) transactional messages, invisible to consumers until committed. */
    public static final String HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    /** The outcome (op) records of transactions. */
    public static final String OP_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Messages waiting for their delay level. */
    public static final String SCHEDULE_TOPIC = "WHARF_SCHEDULE_TOPIC";
    /** Messages waiting for their deliver-at time. */
    public static final String TIMER_TOPIC = "WHARF_TIMER_TOPIC";
    /** The replicated group's own records: leaders' no-ops and state documents. */
    public static final String CLUSTER_TOPIC = "WHARF_CLUSTER";

    private SystemTopics() {
    }

    /** The retry topic of {@code group}. */
    public static String retryTopic(String group) {
        return RETRY_PREFIX + group;
    }

    /** The dead-letter queue of {@code group}. */
    public static String deadLetterTopic(String group) {
        return DLQ_PREFIX + group;
    }

    /**
     * True for the topics only the broker writes and reads: half and op records, delay and timer waits, the
     * group's own records, and every group's dead-letter queue (read through the DLQ admin only).
     */
    public static boolean isBrokerInternal(String topic) {
        return HALF_TOPIC.equals(topic) || OP_TOPIC.equals(topic) || SCHEDULE_TOPIC.equals(topic)
            || TIMER_TOPIC.equals(topic) || CLUSTER_TOPIC.equals(topic) || topic.startsWith(DLQ_PREFIX);
    }

    /** True for a group's retry topic. */
    public static boolean isRetryTopic(String topic) {
        return topic.startsWith(RETRY_PREFIX);
    }
}
