package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** Asks for the live members of a consumer group. */
public record ConsumerListRequest(String group) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(group);
    }

    public static ConsumerListRequest decode(WireReader r) {
        ConsumerListRequest body = new ConsumerListRequest(r.string());
        r.end();
        return body;
    }
}
