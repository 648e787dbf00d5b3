package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.util.List;

/** A client leaving cleanly: its consumer and producer group memberships end now. */
public record UnregisterRequest(String clientId, List<String> consumerGroups,
                                List<String> producerGroups) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(clientId).list(consumerGroups, WireWriter::string).list(producerGroups, WireWriter::string);
    }

    public static UnregisterRequest decode(WireReader r) {
        UnregisterRequest body = new UnregisterRequest(
            r.string(), r.list(2, WireReader::string), r.list(2, WireReader::string));
        r.end();
        return body;
    }
}
