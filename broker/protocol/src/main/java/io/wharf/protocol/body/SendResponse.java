package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** Where a sent message (or the first of a batch of {@code count}) was stored. */
public record SendResponse(int queueId, long queueOffset, long commitLogOffset, int count) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.i32(queueId).i64(queueOffset).i64(commitLogOffset).i32(count);
    }

    public static SendResponse decode(WireReader r) {
        SendResponse body = new SendResponse(r.i32(), r.i64(), r.i64(), r.i32());
        r.end();
        return body;
    }
}
