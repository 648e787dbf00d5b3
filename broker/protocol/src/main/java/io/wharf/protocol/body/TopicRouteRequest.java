package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** Asks how many queues a topic has. */
public record TopicRouteRequest(String topic) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(topic);
    }

    public static TopicRouteRequest decode(WireReader r) {
        TopicRouteRequest body = new TopicRouteRequest(r.string());
        r.end();
        return body;
    }
}
