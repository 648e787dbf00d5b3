package io.wharf.store.format;

import java.nio.ByteBuffer;

/**
 * One consume-queue entry: where a message of this queue sits in the commit log, and its tag hash so the
 * broker can filter by tag without reading the log.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                 commit-log offset (int64)                     |  0
 * +---------------------------------------------------------------+
 * |                       record size                             |  8
 * +---------------------------------------------------------------+
 * |                       tag hash (int64)                        | 12
 * +---------------------------------------------------------------+
 * </pre>
 * The size is never zero, so a written entry is never all zeroes.
 */
public final class ConsumeQueueEntryLayout {
    public static final int COMMIT_LOG_OFFSET_OFFSET = 0;
    public static final int SIZE_OFFSET = 8;
    public static final int TAG_HASH_OFFSET = 12;
    public static final int ENTRY_LENGTH = 20;

    private ConsumeQueueEntryLayout() {
    }

    public static void write(ByteBuffer dst, long commitLogOffset, int size, long tagHash) {
        dst.putLong(COMMIT_LOG_OFFSET_OFFSET, commitLogOffset).putInt(SIZE_OFFSET, size)
            .putLong(TAG_HASH_OFFSET, tagHash);
    }

    public static long commitLogOffset(ByteBuffer buf, int base) {
        return buf.getLong(base + COMMIT_LOG_OFFSET_OFFSET);
    }

    public static int size(ByteBuffer buf, int base) {
        return buf.getInt(base + SIZE_OFFSET);
    }

    public static long tagHash(ByteBuffer buf, int base) {
        return buf.getLong(base + TAG_HASH_OFFSET);
    }

    /** The hash stored for a message's tag; 0 for a message without a tag. */
    public static long tagHash(String tag) {
        return tag == null || tag.isEmpty() ? 0L : tag.hashCode();
    }
}
