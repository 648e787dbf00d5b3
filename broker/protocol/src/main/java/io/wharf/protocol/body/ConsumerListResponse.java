package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.util.List;

/** The client ids of a group's live members, sorted. */
public record ConsumerListResponse(List<String> clientIds) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.list(clientIds, WireWriter::string);
    }

    public static ConsumerListResponse decode(WireReader r) {
        ConsumerListResponse body = new ConsumerListResponse(r.list(2, WireReader::string));
        r.end();
        return body;
    }
}
