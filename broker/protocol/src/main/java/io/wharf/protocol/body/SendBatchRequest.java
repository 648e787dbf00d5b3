package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import io.wharf.protocol.WireMessage;
import java.util.List;

/** Sends messages of one topic to one queue as a unit; {@code queueId} -1 lets the broker choose. */
public record SendBatchRequest(String producerGroup, int queueId, List<WireMessage> messages) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(producerGroup).i32(queueId).list(messages, (x, m) -> m.encode(x));
    }

    public static SendBatchRequest decode(WireReader r) {
        SendBatchRequest body = new SendBatchRequest(r.string(), r.i32(), r.list(20, WireMessage::decode));
        r.end();
        return body;
    }
}
