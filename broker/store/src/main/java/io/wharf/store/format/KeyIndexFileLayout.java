package io.wharf.store.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one owner of the key-index file format: a fixed header, {@code slotCount} slot heads and
 * {@code entryCapacity} fixed-size entries. Each slot head holds the number of the newest entry whose key hash
 * falls into that slot; each entry holds the number of the previous entry of the same slot, so a slot is the
 * head of a chain that runs from newest to oldest. Entry numbers start at 1, so 0 means "none".
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                 magic: 'W' 'H' 'I' version                    |  0
 * |                  flags (bit 0: sealed)                        |  4
 * |                       slot count                              |  8
 * |                     entry capacity                            | 12
 * |                       entry count                             | 16
 * |                       (reserved)                              | 20
 * |          begin physical offset (int64): first record covered  | 24
 * |        end physical offset (int64): just past the last record | 32
 * |      time base, ms (int64): store timestamp of entry 1        | 40
 * |      begin timestamp, ms (int64): earliest entry timestamp    | 48
 * |       end timestamp, ms (int64): latest entry timestamp       | 56
 * +---------------------------------------------------------------+
 * |           slot heads: slotCount x entry number (int32)        | 64
 * +---------------------------------------------------------------+
 * |                 entries: entryCapacity x 20 bytes             |
 * +---------------------------------------------------------------+
 *
 * entry:
 * +---------------------------------------------------------------+
 * |                       key hash (int32)                        |  0
 * |                 physical offset (int64)                       |  4
 * |       store timestamp minus time base, ms (int32)             | 12
 * |          previous entry number in this slot (int32)           | 16
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Entries are appended in commit-log order, so their physical offsets never decrease. The begin and end
 * timestamps bound every entry's timestamp, which lets a time-range query skip a whole file; they may be wider
 * than the entries after a truncation. Timestamps are stored as deltas from the time base, the timestamp of
 * the first entry; a record whose delta does not fit an int goes into a new file. The stored key hash is
 * {@link #keyHash}; changing it, like changing anything above, needs a new version.
 */
public final class KeyIndexFileLayout {
    /** 'W' 'H' 'I' and format version 1. */
    public static final int MAGIC = 0x57484901;

    public static final int MAGIC_OFFSET = 0;
    public static final int FLAGS_OFFSET = 4;
    public static final int SLOT_COUNT_OFFSET = 8;
    public static final int ENTRY_CAPACITY_OFFSET = 12;
    public static final int ENTRY_COUNT_OFFSET = 16;
    public static final int RESERVED_OFFSET = 20;
    public static final int BEGIN_OFFSET_OFFSET = 24;
    public static final int END_OFFSET_OFFSET = 32;
    public static final int TIME_BASE_OFFSET = 40;
    public static final int BEGIN_TIMESTAMP_OFFSET = 48;
    public static final int END_TIMESTAMP_OFFSET = 56;
    public static final int HEADER_LENGTH = 64;

    public static final int SLOT_LENGTH = 4;

    public static final int ENTRY_KEY_HASH_OFFSET = 0;
    public static final int ENTRY_PHYSICAL_OFFSET_OFFSET = 4;
    public static final int ENTRY_TIME_DELTA_OFFSET = 12;
    public static final int ENTRY_PREVIOUS_OFFSET = 16;
    public static final int ENTRY_LENGTH = 20;

    public static final int SEALED_FLAG = 1;

    /** Entry number meaning "no entry": the end of a chain, or an empty slot. */
    public static final int NO_ENTRY = 0;

    /**
     * Slot heads are read by lookups while the writer updates them; release/acquire access makes an entry's
     * bytes visible to any reader that sees the slot head pointing at it. Slot positions are 4-byte aligned
     * and mapped buffers start on a page, so the access is aligned as these modes require.
     */
    private static final VarHandle SLOT_HEAD =
        MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private KeyIndexFileLayout() {
    }

    /** Size in bytes of a file with these dimensions. */
    public static long fileSize(int slotCount, int entryCapacity) {
        return HEADER_LENGTH + (long) slotCount * SLOT_LENGTH + (long) entryCapacity * ENTRY_LENGTH;
    }

    /**
     * The hash stored for {@code key} of {@code topic}: {@link String#hashCode()} of {@code topic + '#' + key},
     * computed without building that string. Different pairs may share a hash (even "a#b"/"c" and "a"/"b#c"),
     * so lookups yield candidates that the caller checks against the record.
     */
    public static int keyHash(String topic, String key) {
        int h = topic.hashCode() * 31 + '#';
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        return h;
    }

    /** The slot of a key hash; the high bits are folded in because {@code String} hashes vary little there. */
    public static int slotOf(int keyHash, int slotCount) {
        return Math.floorMod(keyHash ^ (keyHash >>> 16), slotCount);
    }

    /** Writes the header of an empty, unsealed file covering nothing yet from {@code beginOffset}. */
    public static void writeEmptyHeader(ByteBuffer buf, int slotCount, int entryCapacity, long beginOffset) {
        buf.putInt(MAGIC_OFFSET, MAGIC)
            .putInt(FLAGS_OFFSET, 0)
            .putInt(SLOT_COUNT_OFFSET, slotCount)
            .putInt(ENTRY_CAPACITY_OFFSET, entryCapacity)
            .putInt(ENTRY_COUNT_OFFSET, 0)
            .putInt(RESERVED_OFFSET, 0)
            .putLong(BEGIN_OFFSET_OFFSET, beginOffset)
            .putLong(END_OFFSET_OFFSET, beginOffset)
            .putLong(TIME_BASE_OFFSET, 0L)
            .putLong(BEGIN_TIMESTAMP_OFFSET, 0L)
            .putLong(END_TIMESTAMP_OFFSET, 0L);
    }

    /**
     * Checks the header without trusting any of it: the magic, dimensions that match the file size, an entry
     * count within capacity, and an end offset not before the begin offset.
     */
    public static boolean isValidHeader(ByteBuffer buf, long fileSize) {
        if (fileSize < HEADER_LENGTH || buf.limit() < HEADER_LENGTH || magic(buf) != MAGIC) {
            return false;
        }
        int slots = slotCount(buf);
        int capacity = entryCapacity(buf);
        int count = entryCount(buf);
        return slots > 0 && capacity > 0 && fileSize(slots, capacity) == fileSize
            && count >= 0 && count <= capacity && endOffset(buf) >= beginOffset(buf);
    }

    public static int magic(ByteBuffer buf) {
        return buf.getInt(MAGIC_OFFSET);
    }

    public static boolean isSealed(ByteBuffer buf) {
        return (buf.getInt(FLAGS_OFFSET) & SEALED_FLAG) != 0;
    }

    public static void sealed(ByteBuffer buf, boolean sealed) {
        int flags = buf.getInt(FLAGS_OFFSET);
        buf.putInt(FLAGS_OFFSET, sealed ? flags | SEALED_FLAG : flags & ~SEALED_FLAG);
    }

    public static int slotCount(ByteBuffer buf) {
        return buf.getInt(SLOT_COUNT_OFFSET);
    }

    public static int entryCapacity(ByteBuffer buf) {
        return buf.getInt(ENTRY_CAPACITY_OFFSET);
    }

    public static int entryCount(ByteBuffer buf) {
        return buf.getInt(ENTRY_COUNT_OFFSET);
    }

    public static void entryCount(ByteBuffer buf, int count) {
        buf.putInt(ENTRY_COUNT_OFFSET, count);
    }

    public static long beginOffset(ByteBuffer buf) {
        return buf.getLong(BEGIN_OFFSET_OFFSET);
    }

    public static long endOffset(ByteBuffer buf) {
        return buf.getLong(END_OFFSET_OFFSET);
    }

    public static void endOffset(ByteBuffer buf, long offset) {
        buf.putLong(END_OFFSET_OFFSET, offset);
    }

    public static long timeBase(ByteBuffer buf) {
        return buf.getLong(TIME_BASE_OFFSET);
    }

    public static void timeBase(ByteBuffer buf, long timestampMs) {
        buf.putLong(TIME_BASE_OFFSET, timestampMs);
    }

    public static long beginTimestamp(ByteBuffer buf) {
        return buf.getLong(BEGIN_TIMESTAMP_OFFSET);
    }

    public static void beginTimestamp(ByteBuffer buf, long timestampMs) {
        buf.putLong(BEGIN_TIMESTAMP_OFFSET, timestampMs);
    }

    public static long endTimestamp(ByteBuffer buf) {
        return buf.getLong(END_TIMESTAMP_OFFSET);
    }

    public static void endTimestamp(ByteBuffer buf, long timestampMs) {
        buf.putLong(END_TIMESTAMP_OFFSET, timestampMs);
    }

    public static int slotPosition(int slot) {
        return HEADER_LENGTH + slot * SLOT_LENGTH;
    }

    /** The newest entry of {@code slot}, read with acquire semantics. */
    public static int slotHead(ByteBuffer buf, int slot) {
        return (int) SLOT_HEAD.getAcquire(buf, slotPosition(slot));
    }

    /** Points {@code slot} at {@code entry} with release semantics: publish the entry's bytes first. */
    public static void slotHead(ByteBuffer buf, int slot, int entry) {
        SLOT_HEAD.setRelease(buf, slotPosition(slot), entry);
    }

    /** Byte position of entry number {@code entry} (1-based) in a file with {@code slotCount} slots. */
    public static int entryPosition(int slotCount, int entry) {
        return HEADER_LENGTH + slotCount * SLOT_LENGTH + (entry - 1) * ENTRY_LENGTH;
    }

    /** Writes one entry at {@code position}. */
    public static void writeEntry(ByteBuffer buf, int position, int keyHash, long physicalOffset, int timeDeltaMs,
                                  int previousEntry) {
        buf.putInt(position + ENTRY_KEY_HASH_OFFSET, keyHash)
            .putLong(position + ENTRY_PHYSICAL_OFFSET_OFFSET, physicalOffset)
            .putInt(position + ENTRY_TIME_DELTA_OFFSET, timeDeltaMs)
            .putInt(position + ENTRY_PREVIOUS_OFFSET, previousEntry);
    }

    public static int entryKeyHash(ByteBuffer buf, int position) {
        return buf.getInt(position + ENTRY_KEY_HASH_OFFSET);
    }

    public static long entryPhysicalOffset(ByteBuffer buf, int position) {
        return buf.getLong(position + ENTRY_PHYSICAL_OFFSET_OFFSET);
    }

    public static int entryTimeDelta(ByteBuffer buf, int position) {
        return buf.getInt(position + ENTRY_TIME_DELTA_OFFSET);
    }

    public static int entryPrevious(ByteBuffer buf, int position) {
        return buf.getInt(position + ENTRY_PREVIOUS_OFFSET);
    }

    public static void entryPrevious(ByteBuffer buf, int position, int previousEntry) {
        buf.putInt(position + ENTRY_PREVIOUS_OFFSET, previousEntry);
    }

    /** Zeroes slot heads {@code [0, slotCount)}. */
    public static void clearSlots(ByteBuffer buf, int slotCount) {
        clear(buf, slotPosition(0), slotPosition(slotCount));
    }

    /** Zeroes entries {@code [fromEntry, toEntry)}. */
    public static void clearEntries(ByteBuffer buf, int slotCount, int fromEntry, int toEntry) {
        clear(buf, entryPosition(slotCount, fromEntry), entryPosition(slotCount, toEntry));
    }

    private static void clear(ByteBuffer buf, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            buf.putLong(i, 0L);
        }
        for (; i < to; i++) {
            buf.put(i, (byte) 0);
        }
    }
}
