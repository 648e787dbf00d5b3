package io.wharf.protocol.body;

/** Codes of {@link PullResponse#pullStatus()}. */
public final class PullStatus {
    /** Messages are in the response. */
    public static final int FOUND = 0;
    /** Nothing new arrived before the long poll ended; continue from nextOffset. */
    public static final int NO_NEW_MESSAGE = 1;
    /** Messages were read but none matched the subscription; continue from nextOffset. */
    public static final int NO_MATCHED_MESSAGE = 2;
    /** The offset was outside the queue (deleted by retention, or beyond its end); continue from nextOffset. */
    public static final int OFFSET_MOVED = 3;

    private PullStatus() {
    }
}
