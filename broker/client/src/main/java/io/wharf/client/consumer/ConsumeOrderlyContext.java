package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;

/** What a {@link MessageListenerOrderly} call is about, and how long to suspend its queue if it asks to. */
public final class ConsumeOrderlyContext {
    private final MessageQueue messageQueue;
    private long suspendCurrentQueueTimeMillis;
    private String deadLetterReason;

    ConsumeOrderlyContext(MessageQueue messageQueue, long suspendCurrentQueueTimeMillis) {
        this.messageQueue = messageQueue;
        this.suspendCurrentQueueTimeMillis = suspendCurrentQueueTimeMillis;
    }

    /** The queue the messages come from. */
    public MessageQueue messageQueue() {
        return messageQueue;
    }

    public long suspendCurrentQueueTimeMillis() {
        return suspendCurrentQueueTimeMillis;
    }

    /** Overrides, for this batch, how long the queue pauses after SUSPEND_CURRENT_QUEUE_A_MOMENT. */
    public void setSuspendCurrentQueueTimeMillis(long millis) {
        this.suspendCurrentQueueTimeMillis = millis;
    }

    /**
     * Sends the batch to the group's dead-letter queue at once when the listener returns
     * SUSPEND_CURRENT_QUEUE_A_MOMENT (or throws), and lets the queue go on: for a poison message that would
     * otherwise block its queue forever. The reason is kept on the message as FAILURE_REASON.
     */
    public void deadLetter(String reason) {
        this.deadLetterReason = reason == null ? "" : reason;
    }

    /** The reason given to {@link #deadLetter}, or null. */
    public String deadLetterReason() {
        return deadLetterReason;
    }
}
