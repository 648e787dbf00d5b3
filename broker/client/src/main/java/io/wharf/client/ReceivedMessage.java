package io.wharf.client;

import io.wharf.protocol.MessageIds;
import io.wharf.protocol.PropertyNames;
import java.util.Map;

/**
 * A message as a listener (or a transaction check-back) receives it: the client's own type, decoupled from the
 * wire format it was decoded from.
 *
 * @param topic            the topic (a retried message shows its original topic)
 * @param queueId          its queue
 * @param queueOffset      its offset in the queue
 * @param commitLogOffset  where the broker stored this copy (its offset id, {@link #offsetMsgId()})
 * @param bornTimestampMs  when the producer created it
 * @param storeTimestampMs when the broker stored it
 * @param bornHost         the producer's address
 * @param reconsumeTimes   how often it was delivered and failed before
 * @param flags            the broker's message flags (e.g. transactional)
 * @param properties       tags, keys, unique id and user properties
 * @param body             the payload
 */
public record ReceivedMessage(String topic, int queueId, long queueOffset, long commitLogOffset,
                              long bornTimestampMs, long storeTimestampMs, String bornHost, int reconsumeTimes,
                              int flags, Map<String, String> properties, byte[] body) {

    /** The client's view of a message decoded from the wire. */
    public static ReceivedMessage from(io.wharf.protocol.ReceivedMessage m) {
        return new ReceivedMessage(m.topic(), m.queueId(), m.queueOffset(), m.commitLogOffset(), m.bornTimestampMs(),
            m.storeTimestampMs(), m.bornHost(), m.reconsumeTimes(), m.flags(), m.properties(), m.body());
    }

    /** The producer's unique id, the same across retries and re-deliveries (the offset id if it set none). */
    public String msgId() {
        String uniq = properties.get(PropertyNames.UNIQ_KEY);
        return uniq != null ? uniq : offsetMsgId();
    }

    /** The broker's id of this stored copy. */
    public String offsetMsgId() {
        return MessageIds.offsetId(commitLogOffset);
    }

    /** The tag, or null. */
    public String tags() {
        return properties.get(PropertyNames.TAGS);
    }

    /** The keys, space-separated, or null. */
    public String keys() {
        return properties.get(PropertyNames.KEYS);
    }
}
