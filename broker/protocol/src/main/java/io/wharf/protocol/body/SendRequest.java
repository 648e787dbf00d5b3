package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** Sends one message; {@code queueId} -1 lets the broker choose the queue. */
public record SendRequest(String producerGroup, int queueId, io.wharf.protocol.WireMessage message) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(producerGroup).i32(queueId); message.encode(w);
    }

    public static SendRequest decode(WireReader r) {
        SendRequest body = new SendRequest(r.string(), r.i32(), io.wharf.protocol.WireMessage.decode(r));
        r.end();
        return body;
    }
}
