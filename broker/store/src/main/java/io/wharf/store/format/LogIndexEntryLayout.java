package io.wharf.store.format;

import java.nio.ByteBuffer;

/**
 * One entry of the log-index map: where the record with a given log index sits in the commit log.
 *
 * <pre>
 * +---------------------------------------------------------------+
 * |                  physical offset (int64)                      |  0
 * +---------------------------------------------------------------+
 * |                     record length                             |  8
 * +---------------------------------------------------------------+
 * </pre>
 * Entry {@code n} describes log index {@code n}; index 0 is never used, and the length is never zero.
 */
public final class LogIndexEntryLayout {
    public static final int PHYSICAL_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    public static final int ENTRY_LENGTH = 12;

    private LogIndexEntryLayout() {
    }

    public static void write(ByteBuffer dst, long physicalOffset, int length) {
        dst.putLong(PHYSICAL_OFFSET_OFFSET, physicalOffset).putInt(LENGTH_OFFSET, length);
    }

    public static long physicalOffset(ByteBuffer buf, int base) {
        return buf.getLong(base + PHYSICAL_OFFSET_OFFSET);
    }

    public static int length(ByteBuffer buf, int base) {
        return buf.getInt(base + LENGTH_OFFSET);
    }
}
