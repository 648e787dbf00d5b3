package io.wharf.store.file;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A dense array of fixed-size entries kept in a {@link SegmentedFile}: entry {@code n} lives at byte
 * {@code n * entrySize}. An entry of all zeroes is "absent", so every layout stored here must make a written
 * entry non-zero. Used for consume queues and for the log-index-to-position map.
 *
 * <p>One thread writes; any thread may read entries below {@link #nextIndex()}.
 */
public final class FixedEntryLog {
    private final SegmentedFile files;
    private final int entrySize;
    private final int entriesPerSegment;
    private volatile long nextIndex;
    private volatile long firstIndex;

    private FixedEntryLog(SegmentedFile files, int entrySize) {
        this.files = files;
        this.entrySize = entrySize;
        this.entriesPerSegment = files.segmentSize() / entrySize;
    }

    /** Opens the entries in {@code dir}; the first and next index are found by scanning the edge segments. */
    public static FixedEntryLog open(Path dir, int entrySize, int entriesPerSegment) {
        FixedEntryLog log = new FixedEntryLog(SegmentedFile.open(dir, entrySize * entriesPerSegment, false),
            entrySize);
        log.scanBounds();
        return log;
    }

    /**
     * Finds the first and next index without reading every entry: entries are written in order, so within the
     * last segment the written ones form one run and a binary search finds its end. Only a queue rebuilt to
     * start mid-segment needs a linear scan for its first entry. After a crash the run may have holes past
     * the durable point; recovery cuts the log back to a checkpointed index, which clears them.
     */
    private void scanBounds() {
        if (files.isEmpty()) {
            firstIndex = 0;
            nextIndex = 0;
            return;
        }
        // Normally the first segment holds the first entry. A log emptied by truncation keeps a zeroed segment,
        // though, and when written again further on (an empty log takes any index) its first entry lies later.
        MappedSegment first = null;
        int firstSlot = entriesPerSegment;
        for (MappedSegment s : files.segments()) {
            first = s;
            firstSlot = firstWrittenSlot(s);
            if (firstSlot < entriesPerSegment) {
                break;
            }
        }
        if (firstSlot == entriesPerSegment) {
            // Nothing written anywhere: truncation emptied the log and kept the zeroed segment holding the cut,
            // which lay at or past that segment's start. Starting the empty log there skips no index.
            firstIndex = files.first().baseOffset() / entrySize;
            nextIndex = firstIndex;
            return;
        }
        MappedSegment last = files.last();
        int lo = last == first ? firstSlot : 0;
        int hi = entriesPerSegment;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (isZero(last.buffer(), mid * entrySize)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long next = last.baseOffset() / entrySize + lo;
        nextIndex = next;
        firstIndex = Math.min(first.baseOffset() / entrySize + firstSlot, next);
    }

    private int firstWrittenSlot(MappedSegment segment) {
        int slot = 0;
        while (slot < entriesPerSegment && isZero(segment.buffer(), slot * entrySize)) {
            slot++;
        }
        return slot;
    }

    private boolean isZero(ByteBuffer buf, int pos) {
        for (int i = 0; i < entrySize; i++) {
            if (buf.get(pos + i) != 0) {
                return false;
            }
        }
        return true;
    }

    public int entrySize() {
        return entrySize;
    }

    /** One past the last entry written. */
    public long nextIndex() {
        return nextIndex;
    }

    /** The first entry still held (entries below it were deleted by retention or never written). */
    public long firstIndex() {
        return firstIndex;
    }

    public boolean isEmpty() {
        return nextIndex == firstIndex;
    }

    /**
     * Writes the entry held in {@code entry} (position to limit) at {@code index}, which must be
     * {@link #nextIndex()} or, for an empty log, any index (a rebuilt queue may start past zero).
     */
    public void append(long index, ByteBuffer entry) {
        if (index != nextIndex && !isEmpty()) {
            throw new IllegalStateException("entry " + index + " written out of order; next is " + nextIndex);
        }
        if (entry.remaining() != entrySize) {
            throw new IllegalArgumentException("entry must be " + entrySize + " bytes");
        }
        long byteOffset = index * entrySize;
        MappedSegment s = files.segmentForWrite(byteOffset);
        s.write((int) (byteOffset - s.baseOffset()), entry);
        if (isEmpty()) {
            firstIndex = index;
        }
        nextIndex = index + 1;
    }

    /**
     * The segment buffer and position holding entry {@code index}, for reading with absolute gets, or null
     * when the entry is outside {@code [firstIndex, nextIndex)}.
     */
    public EntryRef locate(long index) {
        if (index < firstIndex || index >= nextIndex) {
            return null;
        }
        long byteOffset = index * entrySize;
        MappedSegment s = files.segmentFor(byteOffset);
        return s == null ? null : new EntryRef(s.buffer(), (int) (byteOffset - s.baseOffset()));
    }

    /** Drops entry {@code index} and all after it, zeroing the rest of its segment. */
    public void truncateFrom(long index) {
        if (index > nextIndex) {
            return;
        }
        // Zero from the cut even when it is the current end: after a crash, stray entries may lie beyond it.
        long from = Math.max(index, firstIndex);
        files.truncateFrom(from * entrySize);
        nextIndex = from;
        if (from <= firstIndex) {
            firstIndex = from;
        }
    }

    /** Deletes whole segments that hold only entries below {@code index}. */
    public void deleteBelow(long index) {
        for (MappedSegment s : files.segments()) {
            long segmentEnd = s.baseOffset() / entrySize + entriesPerSegment;
            if (segmentEnd <= index && s != files.last()) {
                files.delete(s);
                firstIndex = Math.max(firstIndex, segmentEnd);
            }
        }
    }

    public void force() {
        files.forceAll();
    }

    public void deleteAll() {
        files.deleteAll();
        firstIndex = 0;
        nextIndex = 0;
    }

    /** Where one entry lives: read it with {@code buffer.getXxx(position + fieldOffset)}. */
    public record EntryRef(ByteBuffer buffer, int position) {
    }
}
