package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** The offset to continue from, and whether it was committed (false: chosen by the start policy). */
public record OffsetQueryResponse(long offset, boolean committed) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.i64(offset).bool(committed);
    }

    public static OffsetQueryResponse decode(WireReader r) {
        OffsetQueryResponse body = new OffsetQueryResponse(r.i64(), r.bool());
        r.end();
        return body;
    }
}
