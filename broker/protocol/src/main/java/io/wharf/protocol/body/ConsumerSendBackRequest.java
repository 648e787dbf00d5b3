package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/**
 * A consumer hands back a message it failed to consume: the broker stores it again in the group's retry topic
 * (delivered after a delay) or, once its reconsume budget is spent, in the group's dead-letter queue.
 *
 * @param group             the consumer group
 * @param commitLogOffset   the broker-side id of the message as the consumer received it
 * @param delayLevel        the delay level to retry at; 0 lets the broker decide, -1 sends it to the DLQ now
 * @param maxReconsumeTimes the group's retry budget; the broker's per-group policy may override it
 * @param originMsgId       the message id the consumer saw (kept as ORIGIN_MESSAGE_ID)
 */
public record ConsumerSendBackRequest(String group, long commitLogOffset, int delayLevel, int maxReconsumeTimes,
                                      String originMsgId) implements Body {
    /** The delay level that sends the message straight to the dead-letter queue. */
    public static final int TO_DLQ = -1;

    @Override
    public void encode(WireWriter w) {
        w.string(group).i64(commitLogOffset).i32(delayLevel).i32(maxReconsumeTimes).string(originMsgId);
    }

    public static ConsumerSendBackRequest decode(WireReader r) {
        ConsumerSendBackRequest body = new ConsumerSendBackRequest(r.string(), r.i64(), r.i32(), r.i32(),
            r.string());
        r.end();
        return body;
    }
}
