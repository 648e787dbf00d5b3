package io.wharf.protocol.body;

import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.Status;

/** How a subscription's expression is read (codes of the wire field: the ordinal, one byte). */
public enum ExpressionType {
    /** {@code *}, or tags joined by {@code ||}; filtered by the consume queue's tag hash, then the tag. */
    TAG,
    /** A SQL92 condition over the message properties, evaluated by the broker on each message read. */
    SQL92;

    public static ExpressionType of(int code) {
        ExpressionType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new ProtocolException(Status.BAD_REQUEST, "unknown expression type " + code);
        }
        return all[code];
    }
}
