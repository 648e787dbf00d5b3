package io.wharf.client.consumer;

/** What a {@link MessageListenerConcurrently} did with a batch. */
public enum ConsumeConcurrentlyStatus {
    /** Done: the messages may be acknowledged. */
    CONSUME_SUCCESS,
    /**
     * Not done: deliver the batch again after {@link ConsumerConfig#suspendCurrentQueueTimeMillis()}, with each
     * message's reconsume count incremented. Until then the queue's committed offset cannot pass these messages.
     */
    RECONSUME_LATER
}
