package io.wharf.protocol;

/** Bits of a message's flags field. */
public final class MessageFlags {
    /** No special handling. */
    public static final int NONE = 0;
    /**
     * A half message of a transaction: the broker keeps it out of the consumers' sight until the producer (or a
     * check-back) commits it.
     */
    public static final int TRANSACTION_PREPARED = 1;

    private MessageFlags() {
    }
}
