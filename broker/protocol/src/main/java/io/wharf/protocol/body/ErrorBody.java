package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** The body of an error response: a message for humans. */
public record ErrorBody(String message) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.longString(message);
    }

    public static ErrorBody decode(WireReader r) {
        ErrorBody body = new ErrorBody(r.longString());
        r.end();
        return body;
    }
}
