package io.wharf.client.consumer;

import io.wharf.client.ReceivedMessage;
import java.util.List;

/**
 * Consumes each queue's messages in queue order, one batch at a time per queue. In clustering mode the consumer
 * holds the broker's lock on a queue while it consumes it, so no two members of the group consume one queue at
 * the same time, even while queues move between them.
 *
 * <p>Return {@link ConsumeOrderlyStatus#SUCCESS} only after the work is done (see {@link MessageListener});
 * {@link ConsumeOrderlyStatus#SUSPEND_CURRENT_QUEUE_A_MOMENT} or an exception stops the queue for a moment and
 * delivers the same batch again, so a failing message blocks its queue until it succeeds.
 */
@FunctionalInterface
public non-sealed interface MessageListenerOrderly extends MessageListener {
    ConsumeOrderlyStatus consumeMessage(List<ReceivedMessage> messages, ConsumeOrderlyContext context);
}
