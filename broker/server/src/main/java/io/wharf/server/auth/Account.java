package io.wharf.server.auth;

import java.util.Map;
import java.util.Objects;

/**
 * One account as the accounts document stores it: the access key, the secret (the broker needs it to check a
 * proof, so the document is as secret as the keys), whether it is an admin (every topic and group), and its rules.
 *
 * @param accessKey the account's name on the wire
 * @param secretKey the shared secret
 * @param admin     true: publish and subscribe everything (the broker's own topics stay closed)
 * @param topics    topic rules, name or prefix* to DENY, PUB, SUB or PUB|SUB
 * @param groups    consumer group rules (SUB lets the account consume as the group)
 */
public record Account(String accessKey, String secretKey, boolean admin, Map<String, String> topics,
                      Map<String, String> groups) {
    public Account {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        if (accessKey.isBlank() || secretKey.length() < 8) {
            throw new IllegalArgumentException("an account needs an access key and a secret of at least 8 characters");
        }
        if (accessKey.startsWith(Principal.MEMBER_PREFIX)) {
            throw new IllegalArgumentException("access keys starting with '" + Principal.MEMBER_PREFIX
                + "' are the group members' own");
        }
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        groups = groups == null ? Map.of() : Map.copyOf(groups);
        PermissionRules.parse(topics);
        PermissionRules.parse(groups);
    }

    /** This account without its secret, for listings. */
    public Map<String, Object> view() {
        return Map.of("accessKey", accessKey, "admin", admin, "topics", topics, "groups", groups);
    }
}
