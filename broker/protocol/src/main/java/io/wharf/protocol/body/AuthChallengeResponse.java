package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** The answer to AUTH_CHALLENGE (empty request body): a nonce the server chose for this connection alone. */
public record AuthChallengeResponse(byte[] serverNonce) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.bytes(serverNonce);
    }

    public static AuthChallengeResponse decode(WireReader r) {
        AuthChallengeResponse body = new AuthChallengeResponse(r.bytes());
        r.end();
        return body;
    }
}
