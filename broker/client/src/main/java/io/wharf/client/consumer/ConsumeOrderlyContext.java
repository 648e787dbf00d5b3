package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;

/** What a {@link MessageListenerOrderly} call is about, and how long to suspend its queue if it asks to. */
public final class ConsumeOrderlyContext {
    private final MessageQueue messageQueue;
    private long suspendCurrentQueueTimeMillis;

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
}
