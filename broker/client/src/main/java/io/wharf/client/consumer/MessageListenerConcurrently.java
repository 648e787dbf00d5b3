package io.wharf.client.consumer;

import io.wharf.client.ReceivedMessage;
import java.util.List;

/**
 * Consumes messages on many threads at once, in no particular order. Called with up to
 * {@link ConsumerConfig#consumeMessageBatchMaxSize()} messages of one queue.
 *
 * <p>Return {@link ConsumeConcurrentlyStatus#CONSUME_SUCCESS} only after the work is done (see
 * {@link MessageListener}); {@link ConsumeConcurrentlyStatus#RECONSUME_LATER} or an exception has the batch
 * delivered again later. Messages can arrive more than once (after a crash, a rebalance, a producer retry): make
 * the work idempotent, e.g. keyed by {@link ReceivedMessage#msgId()} or a business key.
 */
@FunctionalInterface
public non-sealed interface MessageListenerConcurrently extends MessageListener {
    ConsumeConcurrentlyStatus consumeMessage(List<ReceivedMessage> messages, ConsumeConcurrentlyContext context);
}
