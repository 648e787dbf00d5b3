package io.wharf.protocol;

/** Message properties the broker and clients understand. Anything else is a user property. */
public final class PropertyNames {
    /** The message's tag, used for broker-side filtering. */
    public static final String TAGS = "TAGS";
    /** Business keys separated by a space; indexed for query by key. */
    public static final String KEYS = "KEYS";
    /** The producer-generated unique message id; indexed like a key. */
    public static final String UNIQ_KEY = "UNIQ_KEY";
    /** Set by clients that trace; reserved. */
    public static final String TRACE_ON = "TRACE_ON";

    private PropertyNames() {
    }
}
