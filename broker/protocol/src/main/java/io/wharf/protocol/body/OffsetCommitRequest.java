package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** Records that a group consumed a queue up to (not including) {@code offset}. */
public record OffsetCommitRequest(String group, String topic, int queueId, long offset) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(group).string(topic).i32(queueId).i64(offset);
    }

    public static OffsetCommitRequest decode(WireReader r) {
        OffsetCommitRequest body = new OffsetCommitRequest(r.string(), r.string(), r.i32(), r.i64());
        r.end();
        return body;
    }
}
