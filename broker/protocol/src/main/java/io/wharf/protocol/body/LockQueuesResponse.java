package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.util.List;

/** The queues now locked by the asking client (a subset of those asked for). */
public record LockQueuesResponse(List<Integer> lockedQueueIds) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.list(lockedQueueIds, WireWriter::i32);
    }

    public static LockQueuesResponse decode(WireReader r) {
        LockQueuesResponse body = new LockQueuesResponse(r.list(4, WireReader::i32));
        r.end();
        return body;
    }
}
