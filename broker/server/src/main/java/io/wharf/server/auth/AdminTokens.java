package io.wharf.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Who may call the admin HTTP API: a bearer token with the read role (every GET: lists, lag, trace, health details)
 * or the admin role (everything, including topics, offset resets, DLQ re-drive, retry policies and accounts).
 * Paths in {@code admin.open.paths} (by default {@code /health} and {@code /metrics}) need no token. With neither
 * token configured the API is open, as before security existed; a broker with ACL on warns about that.
 */
public final class AdminTokens {
    /** What a caller may do. */
    public enum Role { NONE, READ, ADMIN }

    private final byte[] readToken;
    private final byte[] adminToken;
    private final Set<String> openPaths;

    public AdminTokens(String readToken, String adminToken, List<String> openPaths) {
        this.readToken = bytes(readToken);
        this.adminToken = bytes(adminToken);
        this.openPaths = Set.copyOf(openPaths);
        if (this.readToken != null && this.adminToken != null && MessageDigest.isEqual(this.readToken,
            this.adminToken)) {
            throw new IllegalArgumentException("admin.token.read and admin.token.admin must differ");
        }
    }

    private static byte[] bytes(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        if (token.length() < 16) {
            throw new IllegalArgumentException("an admin token needs at least 16 characters");
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    /** True when at least one token is configured: callers must present one. */
    public boolean enabled() {
        return readToken != null || adminToken != null;
    }

    /** True when {@code path} is served without a token. */
    public boolean open(String path) {
        return !enabled() || openPaths.contains(path);
    }

    /** The role of the {@code Authorization} header's bearer token (NONE when missing or unknown). */
    public Role roleOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Role.NONE;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (adminToken != null && MessageDigest.isEqual(adminToken, presented)) {
            return Role.ADMIN;
        }
        if (readToken != null && MessageDigest.isEqual(readToken, presented)) {
            return Role.READ;
        }
        return Role.NONE;
    }

    /**
     * Null when {@code role} may make this call, else the HTTP status to refuse it with: 401 without a valid
     * token, 403 for a read token on a change or on the accounts.
     */
    public Integer refusal(Role role, String method, String path) {
        if (open(path) || role == Role.ADMIN) {
            return null;
        }
        if (role == Role.NONE) {
            return 401;
        }
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        return read && !path.startsWith("/admin/accounts") ? null : 403;
    }
}
