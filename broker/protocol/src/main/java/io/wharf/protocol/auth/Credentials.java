package io.wharf.protocol.auth;

import java.util.Objects;

/**
 * An account's access key and secret, as a client (or a broker joining its group) holds them. The secret only
 * ever keys an HMAC ({@link AuthProof}); {@link #toString()} does not show it.
 */
public record Credentials(String accessKey, String secretKey) {
    public Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (accessKey.isBlank() || secretKey.isEmpty()) {
            throw new IllegalArgumentException("an access key and a secret key are both required");
        }
    }

    /** Credentials from two settings, or null when the access key is not set (an open broker). */
    public static Credentials ofNullable(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank()) {
            return null;
        }
        return new Credentials(accessKey, secretKey == null ? "" : secretKey);
    }

    @Override
    public String toString() {
        return "Credentials[accessKey=" + accessKey + ", secretKey=***]";
    }
}
