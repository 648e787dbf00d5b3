package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/**
 * Reads a queue from an offset; waits up to {@code suspendTimeoutMs} for a message when none is there (long
 * polling). {@code subscription} is read as {@code expressionType} says: a tag expression such as {@code *} or
 * {@code TagA || TagB}, or a SQL92 condition such as {@code a > 5 AND region = 'EU'}.
 */
public record PullRequest(String group, String topic, int queueId, long offset, int maxCount, int maxBytes,
                          String subscription, ExpressionType expressionType, long suspendTimeoutMs)
    implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(group).string(topic).i32(queueId).i64(offset).i32(maxCount).i32(maxBytes).string(subscription)
            .u8(expressionType.ordinal()).i64(suspendTimeoutMs);
    }

    public static PullRequest decode(WireReader r) {
        PullRequest body = new PullRequest(r.string(), r.string(), r.i32(), r.i64(), r.i32(), r.i32(), r.string(),
            ExpressionType.of(r.u8()), r.i64());
        r.end();
        return body;
    }
}
