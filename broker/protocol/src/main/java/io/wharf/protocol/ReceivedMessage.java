package io.wharf.protocol;

import java.util.Map;

/**
 * A message as a consumer receives it.
 *
 * @param topic            the topic
 * @param queueId          its queue
 * @param queueOffset      its offset in the queue
 * @param commitLogOffset  its position in the broker's log (the broker-side message id)
 * @param bornTimestampMs  when the producer created it
 * @param storeTimestampMs when the broker stored it
 * @param bornHost         the producer's address
 * @param reconsumeTimes   how often it was delivered and sent back before
 * @param flags            message flags
 * @param properties       tags, keys, unique id and user properties
 * @param body             the payload
 */
public record ReceivedMessage(String topic, int queueId, long queueOffset, long commitLogOffset,
                              long bornTimestampMs, long storeTimestampMs, String bornHost, int reconsumeTimes,
                              int flags, Map<String, String> properties, byte[] body) {

    /** The producer's unique id for this message, or the broker-side id if the producer set none. */
    public String msgId() {
        String uniq = properties.get(PropertyNames.UNIQ_KEY);
        return uniq != null ? uniq : MessageIds.offsetId(commitLogOffset);
    }

    public String tags() {
        return properties.get(PropertyNames.TAGS);
    }

    public String keys() {
        return properties.get(PropertyNames.KEYS);
    }

    public void encode(WireWriter w) {
        w.string(topic).i32(queueId).i64(queueOffset).i64(commitLogOffset).i64(bornTimestampMs)
            .i64(storeTimestampMs).string(bornHost).i32(reconsumeTimes).i32(flags).map(properties).bytes(body);
    }

    public static ReceivedMessage decode(WireReader r) {
        return new ReceivedMessage(r.string(), r.i32(), r.i64(), r.i64(), r.i64(), r.i64(), r.string(), r.i32(),
            r.i32(), r.map(), r.bytes());
    }
}
