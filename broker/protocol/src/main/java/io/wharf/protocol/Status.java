package io.wharf.protocol;

/**
 * The status of a response. Codes below 100 are successes (the request was carried out, perhaps with a
 * caveat); codes from 400 on are errors whose body is an {@link io.wharf.protocol.body.ErrorBody}.
 */
public enum Status {
    OK(0),
    /** Stored, but not forced to disk within the flush timeout. */
    FLUSH_DISK_TIMEOUT(1),
    /** Stored, but the replicas did not acknowledge within the timeout. */
    FLUSH_SLAVE_TIMEOUT(2),
    /** Stored on the leader only: not enough replicas are reachable. */
    SLAVE_NOT_AVAILABLE(3),
    BAD_REQUEST(400),
    /** The connection did not authenticate (ACL on), or its proof did not match the account's secret. */
    AUTH_FAILED(401),
    /** The authenticated account may not do this (an ACL rule, a protected system topic, a non-member's Raft). */
    NO_PERMISSION(403),
    UNKNOWN_TOPIC(404),
    /** The queue lock is held by another consumer of the group. */
    LOCK_CONFLICT(409),
    MESSAGE_TOO_LARGE(413),
    /** This node is not the leader of its replication group; the body names the leader if known. */
    NOT_LEADER(421),
    /** This port speaks TLS only: the client sent plaintext. */
    TLS_REQUIRED(426),
    SYSTEM_BUSY(429),
    SYSTEM_ERROR(500),
    UNSUPPORTED_OPCODE(501),
    /** The store stopped after an I/O failure; retry on another node. */
    STORE_FAILED(503),
    UNSUPPORTED_VERSION(505);

    private static final Status[] BY_CODE = new Status[506];

    static {
        for (Status s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isError() {
        return code >= 400;
    }

    public static Status of(int code) {
        Status s = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (s == null) {
            throw new ProtocolException(BAD_REQUEST, "unknown status code " + code);
        }
        return s;
    }
}
