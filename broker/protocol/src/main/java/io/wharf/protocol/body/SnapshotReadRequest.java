package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** SNAPSHOT_READ: up to {@code maxBytes} of a commit-log segment of the leader, from {@code position}. */
public record SnapshotReadRequest(String segment, long position, int maxBytes) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(segment).i64(position).i32(maxBytes);
    }

    public static SnapshotReadRequest decode(WireReader r) {
        SnapshotReadRequest body = new SnapshotReadRequest(r.string(), r.i64(), r.i32());
        r.end();
        return body;
    }
}
