package io.wharf.protocol.body;

/** Where a consumer group with no committed offset starts in a queue (codes of the wire field). */
public enum StartPolicy {
    /** The oldest message still held. */
    FIRST_OFFSET,
    /** Only messages that arrive from now on. */
    LAST_OFFSET,
    /** The first message stored at or after a timestamp. */
    TIMESTAMP;

    public static StartPolicy of(int code) {
        StartPolicy[] all = values();
        if (code < 0 || code >= all.length) {
            throw new io.wharf.protocol.ProtocolException(io.wharf.protocol.Status.BAD_REQUEST,
                "unknown start policy " + code);
        }
        return all[code];
    }
}
