package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import io.wharf.client.ReceivedMessage;
import java.util.List;

/**
 * One listener call as {@link ConsumeHook}s see it: the group, queue and messages (each with its reconsume
 * count); after the call also the status the listener returned (a {@link ConsumeConcurrentlyStatus} or a
 * {@link ConsumeOrderlyStatus}), whether that counts as success, the exception it threw if any, and its cost.
 */
public final class ConsumeContext {
    private final String consumerGroup;
    private final MessageQueue messageQueue;
    private final List<ReceivedMessage> messages;
    private final boolean orderly;
    private final long startNanos;
    private Enum<?> status;
    private boolean success;
    private Throwable error;
    private long costMs;

    ConsumeContext(String consumerGroup, MessageQueue messageQueue, List<ReceivedMessage> messages, boolean orderly,
                   long startNanos) {
        this.consumerGroup = consumerGroup;
        this.messageQueue = messageQueue;
        this.messages = messages;
        this.orderly = orderly;
        this.startNanos = startNanos;
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public MessageQueue messageQueue() {
        return messageQueue;
    }

    public List<ReceivedMessage> messages() {
        return messages;
    }

    /** True for an orderly listener. */
    public boolean orderly() {
        return orderly;
    }

    /** The listener's status (the retry status when it threw); null before the call. */
    public Enum<?> status() {
        return status;
    }

    public boolean success() {
        return success;
    }

    /** The exception the listener threw, or null. */
    public Throwable error() {
        return error;
    }

    public long costMs() {
        return costMs;
    }

    void finish(Enum<?> status, boolean success, Throwable error, long nowNanos) {
        this.status = status;
        this.success = success;
        this.error = error;
        this.costMs = (nowNanos - startNanos) / 1_000_000;
    }
}
