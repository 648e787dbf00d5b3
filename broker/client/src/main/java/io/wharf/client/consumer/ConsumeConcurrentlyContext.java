package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;

/** What a {@link MessageListenerConcurrently} call is about beyond its messages. */
public final class ConsumeConcurrentlyContext {
    private final MessageQueue messageQueue;

    ConsumeConcurrentlyContext(MessageQueue messageQueue) {
        this.messageQueue = messageQueue;
    }

    /** The queue the messages come from. */
    public MessageQueue messageQueue() {
        return messageQueue;
    }
}
