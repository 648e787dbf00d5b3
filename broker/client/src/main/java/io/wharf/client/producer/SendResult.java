package io.wharf.client.producer;

import io.wharf.protocol.MessageIds;
import io.wharf.client.MessageQueue;

/**
 * Where a sent message was stored. Check {@link #sendStatus()}: anything but {@link SendStatus#SEND_OK} is
 * returned, not thrown, and a caller that must not lose the message treats it as a failure.
 *
 * @param sendStatus   how durable the stored message is
 * @param msgId        the producer-generated unique id ({@code UNIQ_KEY}); for a batch, the ids joined by commas
 * @param offsetMsgId  the broker-side id: the commit-log offset as 16 hex digits (of the first message of a batch)
 * @param messageQueue the queue it went to
 * @param queueOffset  its offset in that queue (of the first message of a batch)
 */
public record SendResult(SendStatus sendStatus, String msgId, String offsetMsgId, MessageQueue messageQueue,
                         long queueOffset) {

    /** The broker-side message id for a commit-log offset, as consumers see it without a unique id. */
    static String offsetMsgId(long commitLogOffset) {
        return MessageIds.offsetId(commitLogOffset);
    }
}
