package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** A topic's queue count. */
public record TopicRouteResponse(String topic, int queueCount) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(topic).i32(queueCount);
    }

    public static TopicRouteResponse decode(WireReader r) {
        TopicRouteResponse body = new TopicRouteResponse(r.string(), r.i32());
        r.end();
        return body;
    }
}
