package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;

/** What a {@link MessageListenerConcurrently} call is about beyond its messages. */
public final class ConsumeConcurrentlyContext {
    private final MessageQueue messageQueue;
    private String deadLetterReason;

    ConsumeConcurrentlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    /** The queue the messages come from. */
    public MessageQueue messageQueue() {
        return messageQueue;
    }

    /**
     * Sends the batch to the group's dead-letter queue at once instead of through the retry ladder, when the
     * listener returns RECONSUME_LATER (or throws): for a poison message that no retry will ever consume, such
     * as a payload that cannot be decoded. The reason is kept on the message as FAILURE_REASON.
     */
    public void deadLetter(String reason) {
        this.deadLetterReason = reason == null ? "" : reason;
    }

    /** The reason given to {@link #deadLetter}, or null when the batch goes through the retry ladder. */
    public String deadLetterReason() {
        return deadLetterReason;
    }
}
