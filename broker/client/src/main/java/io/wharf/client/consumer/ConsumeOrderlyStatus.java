package io.wharf.client.consumer;

/** What a {@link MessageListenerOrderly} did with a batch. */
public enum ConsumeOrderlyStatus {
    /** Done: the messages may be acknowledged and the queue continues. */
    SUCCESS,
    /** Not done: stop this queue for a moment, then deliver the same batch again. */
    SUSPEND_CURRENT_QUEUE_A_MOMENT
}
