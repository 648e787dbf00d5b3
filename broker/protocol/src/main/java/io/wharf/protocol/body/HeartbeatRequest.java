package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.util.List;

/** A client's periodic sign of life with its consumer groups (and their subscriptions) and producer groups. */
public record HeartbeatRequest(String clientId, List<ConsumerGroupInfo> consumers,
                               List<String> producerGroups) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(clientId).list(consumers, (x, c) -> c.encode(x)).list(producerGroups, WireWriter::string);
    }

    public static HeartbeatRequest decode(WireReader r) {
        HeartbeatRequest body = new HeartbeatRequest(
            r.string(), r.list(5, ConsumerGroupInfo::decode), r.list(2, WireReader::string));
        r.end();
        return body;
    }
}
