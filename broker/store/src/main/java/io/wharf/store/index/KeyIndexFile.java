package io.wharf.store.index;

import io.wharf.store.file.MappedSegment;
import io.wharf.store.format.KeyIndexFileLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One key-index file (format: {@link KeyIndexFileLayout}): a hash table from key hash to the physical offsets
 * of the records carrying that key, covering the commit log from {@link #beginOffset()} to
 * {@link #endOffset()}. Like the whole key index it is derived state, rebuilt from the commit log when lost.
 *
 * <p>One thread writes; any number of threads may {@link #lookup} meanwhile. A new entry is written in full
 * before its slot head is published with release semantics, and a chain only ever points to older entries,
 * so a reader that sees a slot head sees the whole chain behind it. A lookup racing a {@link #truncateFrom}
 * may still return a dropped offset, which the caller discards like any other hash collision.
 */
public final class KeyIndexFile {
    private final MappedSegment segment;
    private final ByteBuffer buf;
    private final int slotCount;
    private final int entryCapacity;
    private final long beginOffset;
    private volatile int entryCount;
    private volatile long endOffset;
    private volatile long timeBase;
    private volatile long beginTimestamp;
    private volatile long endTimestamp;
    private volatile boolean sealed;

    private KeyIndexFile(MappedSegment segment) {
        this.segment = segment;
        this.buf = segment.buffer();
        this.slotCount = KeyIndexFileLayout.slotCount(buf);
        this.entryCapacity = KeyIndexFileLayout.entryCapacity(buf);
        this.beginOffset = KeyIndexFileLayout.beginOffset(buf);
        this.entryCount = KeyIndexFileLayout.entryCount(buf);
        this.endOffset = KeyIndexFileLayout.endOffset(buf);
        this.timeBase = KeyIndexFileLayout.timeBase(buf);
        this.beginTimestamp = KeyIndexFileLayout.beginTimestamp(buf);
        this.endTimestamp = KeyIndexFileLayout.endTimestamp(buf);
        this.sealed = KeyIndexFileLayout.isSealed(buf);
    }

    /** Creates an empty file at {@code path}, replacing whatever was there, covering nothing yet. */
    public static KeyIndexFile create(Path path, long beginOffset, int slotCount, int entryCapacity) {
        int size = checkedFileSize(slotCount, entryCapacity);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + path, e);
        }
        MappedSegment segment = MappedSegment.open(path, beginOffset, size, false);
        KeyIndexFileLayout.writeEmptyHeader(segment.buffer(), slotCount, entryCapacity, beginOffset);
        return new KeyIndexFile(segment);
    }

    /**
     * Maps an existing file, or returns empty when its header fails {@link KeyIndexFileLayout#isValidHeader}
     * or names another begin offset than {@code expectedBeginOffset} (the file name).
     */
    public static Optional<KeyIndexFile> load(Path path, long expectedBeginOffset) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + path, e);
        }
        if (size < KeyIndexFileLayout.HEADER_LENGTH || size > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        MappedSegment segment = MappedSegment.open(path, expectedBeginOffset, (int) size, false);
        ByteBuffer b = segment.buffer();
        if (!KeyIndexFileLayout.isValidHeader(b, size) || KeyIndexFileLayout.beginOffset(b) != expectedBeginOffset) {
            return Optional.empty();
        }
        return Optional.of(new KeyIndexFile(segment));
    }

    /** The size of a file with these dimensions; it must fit one mapping. */
    public static int checkedFileSize(int slotCount, int entryCapacity) {
        if (slotCount <= 0 || entryCapacity <= 0) {
            throw new IllegalArgumentException("slot count and entry capacity must be positive");
        }
        long size = KeyIndexFileLayout.fileSize(slotCount, entryCapacity);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a key-index file of " + slotCount + " slots and " + entryCapacity
                + " entries would be " + size + " bytes, more than one mapping holds");
        }
        return (int) size;
    }

    /** Checks the header again, as {@link #load} did; something may have written over it since. */
    public boolean hasValidHeader() {
        return KeyIndexFileLayout.isValidHeader(buf, segment.size())
            && KeyIndexFileLayout.beginOffset(buf) == beginOffset;
    }

    public Path path() {
        return segment.path();
    }

    /** Offset of the first record this file covers. */
    public long beginOffset() {
        return beginOffset;
    }

    /** Offset just past the last record this file covers. */
    public long endOffset() {
        return endOffset;
    }

    public int entryCount() {
        return entryCount;
    }

    public int entryCapacity() {
        return entryCapacity;
    }

    public int slotCount() {
        return slotCount;
    }

    /** Earliest store timestamp of an entry; meaningless while the file has no entries. */
    public long beginTimestamp() {
        return beginTimestamp;
    }

    /** Latest store timestamp of an entry; meaningless while the file has no entries. */
    public long endTimestamp() {
        return endTimestamp;
    }

    public boolean isSealed() {
        return sealed;
    }

    /** True when no more entries go in: sealed, or every entry used. */
    public boolean isFull() {
        return sealed || entryCount >= entryCapacity;
    }

    /** True when {@code keyCount} entries stamped {@code storeTimestampMs} fit in this file. */
    public boolean hasRoomFor(int keyCount, long storeTimestampMs) {
        if (sealed || entryCount + (long) keyCount > entryCapacity) {
            return false;
        }
        return keyCount == 0 || entryCount == 0 || fitsTimeDelta(storeTimestampMs);
    }

    private boolean fitsTimeDelta(long storeTimestampMs) {
        long delta = storeTimestampMs - timeBase;
        return delta >= Integer.MIN_VALUE && delta <= Integer.MAX_VALUE;
    }

    /** True when the file has entries and their time range meets {@code [beginMs, endMs]}. */
    public boolean overlaps(long beginMs, long endMs) {
        return entryCount > 0 && beginTimestamp <= endMs && endTimestamp >= beginMs;
    }

    /**
     * Adds one key of the record at {@code physicalOffset}; records arrive in commit-log order. The file then
     * covers the log up to {@code recordEndOffset}.
     *
     * @throws IllegalStateException when {@link #hasRoomFor} says no
     */
    public void put(int keyHash, long physicalOffset, long storeTimestampMs, long recordEndOffset) {
        if (!hasRoomFor(1, storeTimestampMs)) {
            throw new IllegalStateException("key-index file " + path() + " has no room for another entry");
        }
        int count = entryCount;
        long floor = count == 0 ? beginOffset : physicalOffset(count);
        if (physicalOffset < floor || recordEndOffset <= physicalOffset) {
            throw new IllegalArgumentException("record [" + physicalOffset + ", " + recordEndOffset
                + ") is out of commit-log order in " + path() + ", which is at " + floor);
        }
        if (count == 0) {
            timeBase = storeTimestampMs;
            beginTimestamp = storeTimestampMs;
            endTimestamp = storeTimestampMs;
            KeyIndexFileLayout.timeBase(buf, storeTimestampMs);
        } else if (storeTimestampMs < beginTimestamp) {
            beginTimestamp = storeTimestampMs;
        } else if (storeTimestampMs > endTimestamp) {
            endTimestamp = storeTimestampMs;
        }
        KeyIndexFileLayout.beginTimestamp(buf, beginTimestamp);
        KeyIndexFileLayout.endTimestamp(buf, endTimestamp);
        int entry = count + 1;
        int slot = KeyIndexFileLayout.slotOf(keyHash, slotCount);
        KeyIndexFileLayout.writeEntry(buf, position(entry), keyHash, physicalOffset,
            (int) (storeTimestampMs - timeBase), KeyIndexFileLayout.slotHead(buf, slot));
        KeyIndexFileLayout.slotHead(buf, slot, entry);
        setEntryCount(entry);
        advanceEndOffset(recordEndOffset);
    }

    /** Records that the log up to {@code recordEndOffset} is indexed here, for a record without keys. */
    public void advanceEndOffset(long recordEndOffset) {
        if (sealed) {
            throw new IllegalStateException("key-index file " + path() + " is sealed");
        }
        if (recordEndOffset > endOffset) {
            setEndOffset(recordEndOffset);
        }
    }

    /**
     * Adds to {@code out}, newest first, the physical offsets of entries with {@code keyHash} stamped within
     * {@code [beginMs, endMs]}, until {@code out} holds {@code max} offsets. Several keys of one record that
     * share a hash yield its offset once.
     */
    public void lookup(int keyHash, long beginMs, long endMs, int max, List<Long> out) {
        int entry = KeyIndexFileLayout.slotHead(buf, KeyIndexFileLayout.slotOf(keyHash, slotCount));
        long base = timeBase;
        long lastAdded = -1L;
        while (entry > KeyIndexFileLayout.NO_ENTRY && entry <= entryCapacity && out.size() < max) {
            int pos = position(entry);
            if (KeyIndexFileLayout.entryKeyHash(buf, pos) == keyHash) {
                long timestamp = base + KeyIndexFileLayout.entryTimeDelta(buf, pos);
                long offset = KeyIndexFileLayout.entryPhysicalOffset(buf, pos);
                if (timestamp >= beginMs && timestamp <= endMs && offset != lastAdded) {
                    out.add(offset);
                    lastAdded = offset;
                }
            }
            int previous = KeyIndexFileLayout.entryPrevious(buf, pos);
            // Chains only point backwards; anything else is damage, and stopping keeps the walk finite.
            entry = previous < entry ? previous : KeyIndexFileLayout.NO_ENTRY;
        }
    }

    /**
     * Drops every entry at or after {@code physicalOffset} and leaves the file covering the log up to there.
     * Entries are in offset order, so the dropped ones are a tail; each slot head that pointed into the tail is
     * moved back along its chain to the newest kept entry. A truncated file is no longer sealed.
     */
    public void truncateFrom(long physicalOffset) {
        if (physicalOffset >= endOffset) {
            return;
        }
        int count = entryCount;
        int keep = countBelow(physicalOffset, count);
        for (int entry = count; entry > keep; entry--) {
            int slot = KeyIndexFileLayout.slotOf(KeyIndexFileLayout.entryKeyHash(buf, position(entry)), slotCount);
            int head = KeyIndexFileLayout.slotHead(buf, slot);
            while (head > keep) {
                int previous = KeyIndexFileLayout.entryPrevious(buf, position(head));
                head = previous < head ? previous : KeyIndexFileLayout.NO_ENTRY;
            }
            KeyIndexFileLayout.slotHead(buf, slot, head);
        }
        setEntryCount(keep);
        KeyIndexFileLayout.clearEntries(buf, slotCount, keep + 1, count + 1);
        setEndOffset(Math.max(beginOffset, physicalOffset));
        setSealed(false);
    }

    /**
     * Recovery of a file that was not sealed, whose last writes may not all have reached the disk. Keeps the
     * longest prefix of entries whose offsets are plausible (in order and inside the file's range); if any
     * entry failed, also drops the last kept record's entries, since its other keys may be lost, and ends the
     * file at that record. Then rebuilds every chain and the time range from the kept entries, so stale slot
     * heads and links cannot survive.
     */
    public void repair() {
        int count = entryCount;
        int plausible = 0;
        long previousOffset = beginOffset;
        while (plausible < count) {
            long offset = physicalOffset(plausible + 1);
            if (offset < previousOffset || offset >= endOffset) {
                break;
            }
            previousOffset = offset;
            plausible++;
        }
        if (plausible < count) {
            long cut = plausible == 0 ? beginOffset : physicalOffset(plausible);
            plausible = countBelow(cut, plausible);
            KeyIndexFileLayout.clearEntries(buf, slotCount, plausible + 1, count + 1);
            setEndOffset(cut);
        }
        rebuildChains(plausible);
        setEntryCount(plausible);
    }

    private void rebuildChains(int count) {
        KeyIndexFileLayout.clearSlots(buf, slotCount);
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        for (int entry = 1; entry <= count; entry++) {
            int pos = position(entry);
            int slot = KeyIndexFileLayout.slotOf(KeyIndexFileLayout.entryKeyHash(buf, pos), slotCount);
            KeyIndexFileLayout.entryPrevious(buf, pos, KeyIndexFileLayout.slotHead(buf, slot));
            KeyIndexFileLayout.slotHead(buf, slot, entry);
            long timestamp = timeBase + KeyIndexFileLayout.entryTimeDelta(buf, pos);
            earliest = Math.min(earliest, timestamp);
            latest = Math.max(latest, timestamp);
        }
        if (count > 0) {
            beginTimestamp = earliest;
            endTimestamp = latest;
            KeyIndexFileLayout.beginTimestamp(buf, earliest);
            KeyIndexFileLayout.endTimestamp(buf, latest);
        }
    }

    /** Forces the whole file, then marks it sealed and forces the header: a sealed file is complete on disk. */
    public void seal() {
        if (sealed) {
            return;
        }
        segment.force();
        setSealed(true);
        segment.force(0, KeyIndexFileLayout.HEADER_LENGTH);
    }

    public void force() {
        segment.force();
    }

    public void delete() {
        segment.delete();
    }

    /** How many of the first {@code count} entries lie below {@code physicalOffset}; entries are in order. */
    private int countBelow(long physicalOffset, int count) {
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (physicalOffset(mid + 1) < physicalOffset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private long physicalOffset(int entry) {
        return KeyIndexFileLayout.entryPhysicalOffset(buf, position(entry));
    }

    private int position(int entry) {
        return KeyIndexFileLayout.entryPosition(slotCount, entry);
    }

    private void setEntryCount(int count) {
        KeyIndexFileLayout.entryCount(buf, count);
        entryCount = count;
    }

    private void setEndOffset(long offset) {
        KeyIndexFileLayout.endOffset(buf, offset);
        endOffset = offset;
    }

    private void setSealed(boolean value) {
        KeyIndexFileLayout.sealed(buf, value);
        sealed = value;
    }

    @Override
    public String toString() {
        return path() + " [" + beginOffset + ", " + endOffset + ") " + entryCount + "/" + entryCapacity
            + (sealed ? " sealed" : "");
    }
}
