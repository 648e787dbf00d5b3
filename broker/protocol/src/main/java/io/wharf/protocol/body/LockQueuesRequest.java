package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.util.List;

/**
 * Asks for (or renews) the group's locks on queues of a topic for one client (ordered consumption); the same
 * body releases them with UNLOCK_QUEUES.
 */
public record LockQueuesRequest(String group, String clientId, String topic, List<Integer> queueIds) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(group).string(clientId).string(topic).list(queueIds, WireWriter::i32);
    }

    public static LockQueuesRequest decode(WireReader r) {
        LockQueuesRequest body = new LockQueuesRequest(r.string(), r.string(), r.string(), r.list(4, WireReader::i32));
        r.end();
        return body;
    }
}
