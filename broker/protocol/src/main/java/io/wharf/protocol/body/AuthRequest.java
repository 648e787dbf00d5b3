package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/**
 * AUTH: the account's access key, a nonce the client chose, and the proof that it holds the account's secret
 * ({@link io.wharf.protocol.auth.AuthProof}). The secret itself never travels. The answer is an empty OK, or
 * AUTH_FAILED and the connection closes.
 */
public record AuthRequest(String accessKey, byte[] clientNonce, byte[] proof) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(accessKey).bytes(clientNonce).bytes(proof);
    }

    public static AuthRequest decode(WireReader r) {
        AuthRequest body = new AuthRequest(r.string(), r.bytes(), r.bytes());
        r.end();
        return body;
    }
}
