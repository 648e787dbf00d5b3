package io.wharf.protocol;

/** Bits of a message's flags field. */
public final class MessageFlags {
    /** No special handling. */
    public static final int NONE = 0;

    private MessageFlags() {
    }
}
