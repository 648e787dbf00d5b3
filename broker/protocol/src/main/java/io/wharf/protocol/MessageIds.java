package io.wharf.protocol;

import java.util.HexFormat;

/**
 * The two message ids, spelled in one place for broker and client:
 * <ul>
 * <li>the <b>unique id</b> ({@link PropertyNames#UNIQ_KEY}) a producer stamps on each message, kept across
 * retries and re-deliveries: {@value #UNIQUE_ID_HEX_DIGITS} upper-case hex digits (producer host, process,
 * start time and a counter; see the client's {@code MessageIdGenerator});</li>
 * <li>the <b>offset id</b>, the broker's id of one stored copy: its commit-log offset as
 * {@value #OFFSET_ID_HEX_DIGITS} upper-case hex digits. A retried or re-driven message is a new copy with a new
 * offset id and the same unique id.</li>
 * </ul>
 */
public final class MessageIds {
    /** Length of a unique id. */
    public static final int UNIQUE_ID_HEX_DIGITS = 32;
    /** Length of an offset id. */
    public static final int OFFSET_ID_HEX_DIGITS = 16;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageIds() {
    }

    /** The offset id of the copy stored at {@code commitLogOffset}. */
    public static String offsetId(long commitLogOffset) {
        return HEX.toHexDigits(commitLogOffset);
    }

    /**
     * The commit-log offset an offset id names.
     *
     * @throws IllegalArgumentException when it is not {@value #OFFSET_ID_HEX_DIGITS} hex digits
     */
    public static long parseOffsetId(String offsetId) {
        if (offsetId == null || offsetId.length() != OFFSET_ID_HEX_DIGITS) {
            throw new IllegalArgumentException("an offset id is " + OFFSET_ID_HEX_DIGITS + " hex digits: " + offsetId);
        }
        try {
            return Long.parseUnsignedLong(offsetId, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an offset id is " + OFFSET_ID_HEX_DIGITS + " hex digits: " + offsetId,
                e);
        }
    }

    /** The hex form of a unique id's 16 bytes. */
    public static String uniqueId(byte[] sixteenBytes) {
        if (sixteenBytes.length * 2 != UNIQUE_ID_HEX_DIGITS) {
            throw new IllegalArgumentException("a unique id is 16 bytes");
        }
        return HEX.formatHex(sixteenBytes);
    }
}
