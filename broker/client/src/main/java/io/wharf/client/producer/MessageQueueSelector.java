package io.wharf.client.producer;

import io.wharf.client.Message;
import io.wharf.client.MessageQueue;
import java.util.List;

/**
 * Chooses the queue for a message, for ordered sends: messages sent to one queue by one thread, one after the
 * other, are consumed in that order. A selector must be a pure function of its arguments so every producer picks
 * the same queue for the same key.
 */
@FunctionalInterface
public interface MessageQueueSelector {
    /**
     * @param queues  the topic's queues, in queue id order
     * @param message the message
     * @param arg     the argument passed to send (e.g. an order id)
     * @return one of {@code queues}
     */
    MessageQueue select(List<MessageQueue> queues, Message message, Object arg);
}
