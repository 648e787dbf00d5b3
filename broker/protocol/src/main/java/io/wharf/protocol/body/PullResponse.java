package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import io.wharf.protocol.ReceivedMessage;
import java.util.List;

/** What a pull found: a {@link PullStatus} code, where to continue, the queue's bounds, and the messages. */
public record PullResponse(int pullStatus, long nextOffset, long minOffset, long maxOffset,
                           List<ReceivedMessage> messages) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.u8(pullStatus).i64(nextOffset).i64(minOffset).i64(maxOffset).list(messages, (x, m) -> m.encode(x));
    }

    public static PullResponse decode(WireReader r) {
        PullResponse body = new PullResponse(r.u8(), r.i64(), r.i64(), r.i64(), r.list(54, ReceivedMessage::decode));
        r.end();
        return body;
    }
}
