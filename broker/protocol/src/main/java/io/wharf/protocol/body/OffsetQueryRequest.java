package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/**
 * Asks where a group continues in a queue; a group with no committed offset starts as {@code startPolicy} says
 * ({@link StartPolicy} code; {@code timestampMs} for TIMESTAMP).
 */
public record OffsetQueryRequest(String group, String topic, int queueId, int startPolicy,
                                 long timestampMs) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(group).string(topic).i32(queueId).u8(startPolicy).i64(timestampMs);
    }

    public static OffsetQueryRequest decode(WireReader r) {
        OffsetQueryRequest body = new OffsetQueryRequest(r.string(), r.string(), r.i32(), r.u8(), r.i64());
        r.end();
        return body;
    }
}
