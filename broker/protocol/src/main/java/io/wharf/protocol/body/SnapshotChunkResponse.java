package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.nio.ByteBuffer;

/** The bytes a SNAPSHOT_READ asked for (fewer at the end of the segment, none past it). */
public record SnapshotChunkResponse(ByteBuffer bytes) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.bytes(bytes.duplicate());
    }

    public static SnapshotChunkResponse decode(WireReader r) {
        SnapshotChunkResponse body = new SnapshotChunkResponse(r.bytesView());
        r.end();
        return body;
    }
}
