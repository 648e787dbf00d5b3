package io.wharf.client.consumer;

/**
 * Receives a push consumer's messages: either {@link MessageListenerConcurrently} or
 * {@link MessageListenerOrderly}.
 *
 * <p>Return success only when the work for the messages is done. A listener that hands messages to its own thread
 * and returns success at once lets the consumer commit their offsets before the work happened; if the process
 * then dies, those messages are lost. This is the classic way consumers lose messages.
 */
public sealed interface MessageListener permits MessageListenerConcurrently, MessageListenerOrderly {
}
