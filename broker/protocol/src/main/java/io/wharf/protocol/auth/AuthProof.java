package io.wharf.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The challenge-response proof of a secret: HMAC-SHA256, keyed with the secret, over a version label, the access
 * key, the server's nonce and the client's nonce. The server's nonce is fresh per connection, so a recorded proof
 * is worth nothing on another connection; the client's nonce keeps the server from choosing the whole input.
 */
public final class AuthProof {
    /** Bytes of each nonce. */
    public static final int NONCE_BYTES = 32;
    private static final byte[] LABEL = "wharf-auth-v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthProof() {
    }

    /** A new random nonce. */
    public static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The proof that whoever computed it knows {@code secretKey}. */
    public static byte[] compute(String secretKey, String accessKey, byte[] serverNonce, byte[] clientNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(LABEL);
            mac.update((byte) 0);
            mac.update(accessKey.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(serverNonce);
            mac.update(clientNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Compares two proofs in time that does not depend on where they differ. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
