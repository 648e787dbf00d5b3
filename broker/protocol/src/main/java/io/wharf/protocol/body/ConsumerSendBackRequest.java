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
 * @param reason            why the consumer failed, kept as FAILURE_REASON; empty when it gave none (an optional
 *                          trailing field: a body without it decodes with an empty reason)
 */
public record ConsumerSendBackRequest(String group, long commitLogOffset, int delayLevel, int maxReconsumeTimes,
                                      String originMsgId, String reason) implements Body {
    /** The delay level that sends the message straight to the dead-letter queue. */
    public static final int TO_DLQ = -1;
    /** The longest reason kept; a longer one is cut. */
    public static final int MAX_REASON_CHARS = 1024;

    public ConsumerSendBackRequest {
        reason = reason == null ? "" : reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS)
            : reason;
    }

    /** A send-back without a reason. */
    public ConsumerSendBackRequest(String group, long commitLogOffset, int delayLevel, int maxReconsumeTimes,
                                   String originMsgId) {
        this(group, commitLogOffset, delayLevel, maxReconsumeTimes, originMsgId, "");
    }

    @Override
    public void encode(WireWriter w) {
        w.string(group).i64(commitLogOffset).i32(delayLevel).i32(maxReconsumeTimes).string(originMsgId)
            .string(reason);
    }

    public static ConsumerSendBackRequest decode(WireReader r) {
        ConsumerSendBackRequest body = new ConsumerSendBackRequest(r.string(), r.i64(), r.i32(), r.i32(),
            r.string(), "");
        if (r.hasMore()) {
            body = new ConsumerSendBackRequest(body.group(), body.commitLogOffset(), body.delayLevel(),
                body.maxReconsumeTimes(), body.originMsgId(), r.string());
        }
        r.end();
        return body;
    }
}
