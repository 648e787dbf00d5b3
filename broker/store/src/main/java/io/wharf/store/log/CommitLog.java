package io.wharf.store.log;

import io.wharf.store.file.FixedEntryLog;
import io.wharf.store.file.MappedSegment;
import io.wharf.store.file.SegmentedFile;
import io.wharf.store.format.LogIndexEntryLayout;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commit log: every record of every queue, in one sequence of memory-mapped segments. Each record gets the
 * next log index; the log-index map (derived from the records) finds a record by index for replication.
 *
 * <p>Appends and truncations are made by one thread at a time (the store's append lock). Reads may come from
 * any thread and see records up to {@link #position()}.
 */
public final class CommitLog {
    private final SegmentedFile segments;
    private final FixedEntryLog indexMap;
    private final int segmentSize;
    private final ByteBuffer indexEntry = ByteBuffer.allocate(LogIndexEntryLayout.ENTRY_LENGTH);
    private volatile LogPosition position = LogPosition.START;
    private volatile long flushedOffset;
    /** {first segment offset, first held index} as last computed by {@link #firstIndex()}. */
    private volatile long[] firstHeld;

    private CommitLog(SegmentedFile segments, FixedEntryLog indexMap) {
        this.segments = segments;
        this.indexMap = indexMap;
        this.segmentSize = segments.segmentSize();
    }

    /** Opens the segments and the index map; {@link #restore} must then place the write position. */
    public static CommitLog open(Path dir, int segmentSize, boolean preallocate, int indexEntriesPerSegment) {
        return open(dir, segmentSize, preallocate, true, indexEntriesPerSegment);
    }

    /**
     * Opens the log; {@code channelWrites} writes and forces through file channels rather than the mapping
     * (see {@link io.wharf.store.file.MappedSegment}). With {@code preallocate}, the next segment is prepared in
     * the background while the current one fills.
     */
    public static CommitLog open(Path dir, int segmentSize, boolean preallocate, boolean channelWrites,
                                 int indexEntriesPerSegment) {
        SegmentedFile segments = SegmentedFile.open(dir.resolve("commitlog"), segmentSize, preallocate,
            channelWrites, preallocate);
        FixedEntryLog indexMap = FixedEntryLog.open(dir.resolve("logindex"), LogIndexEntryLayout.ENTRY_LENGTH,
            indexEntriesPerSegment);
        return new CommitLog(segments, indexMap);
    }

    public SegmentedFile segments() {
        return segments;
    }

    public FixedEntryLog indexMap() {
        return indexMap;
    }

    /** The largest record a segment can hold. */
    public int maxRecordLength() {
        return segmentSize - RecordLayout.END_OF_SEGMENT_MIN_LENGTH;
    }

    /** Just past the last record, with its index and term. */
    public LogPosition position() {
        return position;
    }

    /** Everything below this offset has been forced to the device. */
    public long flushedOffset() {
        return flushedOffset;
    }

    /** The first offset still held (segments below it were deleted by retention). */
    public long startOffset() {
        return segments.startOffset();
    }

    /**
     * The first log index whose record is still held, or the next index for an empty log. The log-index map is
     * pruned in whole files, so it may still list records of deleted segments: the answer is the first of its
     * entries that points at or past the first segment (found by binary search, remembered per first segment).
     */
    public long firstIndex() {
        long start = segments.startOffset();
        long[] known = firstHeld;
        if (known != null && known[0] == start && !indexMap.isEmpty()) {
            return known[1];
        }
        long last = position.index();
        if (indexMap.isEmpty() || offsetOf(last) < start) {
            return last + 1;
        }
        long lo = indexMap.firstIndex();
        long hi = last;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (offsetOf(mid) >= start) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        firstHeld = new long[] {start, lo};
        return lo;
    }

    /** Sets the write position after recovery; everything below {@code flushed} is known to be durable. */
    public void restore(LogPosition end, long flushed) {
        this.position = end;
        this.flushedOffset = Math.min(flushed, end.offset());
    }

    /**
     * Places an encoded record (position to limit of {@code record}) at the end of the log, stamping its
     * log-position fields and CRC in {@code record} first. Returns the new end position.
     */
    public LogPosition append(ByteBuffer record, long term, long queueOffset, long storeTimestampMs) {
        int length = record.remaining();
        long offset = startOfNextRecord(length);
        int base = record.position();
        long index = position.index() + 1;
        RecordLayout.stamp(record, base, index, term, offset, queueOffset, storeTimestampMs);
        RecordLayout.seal(record, base);
        return place(record, offset, index, term);
    }

    /**
     * Appends a record copied byte for byte from another node's log. Its CRC, index and offset must continue
     * this log exactly; otherwise nothing is written and {@link IllegalArgumentException} is raised.
     */
    public LogPosition appendReplicated(ByteBuffer record) {
        ByteBuffer exact = record.slice();
        if (RecordLayout.check(exact, 0) != RecordCheck.VALID || RecordLayout.length(exact, 0) != exact.limit()) {
            throw new IllegalArgumentException("replicated record is not one whole valid record");
        }
        long index = RecordLayout.logIndex(exact, 0);
        if (index != position.index() + 1) {
            throw new IllegalArgumentException("replicated record has index " + index + ", expected "
                + (position.index() + 1));
        }
        long offset = startOfNextRecord(exact.limit());
        if (RecordLayout.physicalOffset(exact, 0) != offset) {
            throw new IllegalArgumentException("replicated record belongs at offset "
                + RecordLayout.physicalOffset(exact, 0) + " but this log continues at " + offset
                + "; are the segment sizes equal on every node?");
        }
        return place(exact, offset, index, RecordLayout.term(exact, 0));
    }

    /** Where a record of {@code length} bytes goes: at the end, or at the next segment when it does not fit. */
    private long startOfNextRecord(int length) {
        if (length > maxRecordLength()) {
            throw new IllegalArgumentException("record of " + length + " bytes exceeds the segment limit of "
                + maxRecordLength());
        }
        long offset = position.offset();
        int remaining = segmentSize - (int) Math.floorMod(offset, (long) segmentSize);
        boolean fits = length == remaining || length + RecordLayout.END_OF_SEGMENT_MIN_LENGTH <= remaining;
        return fits ? offset : offset + remaining;
    }

    /** Writes the record at {@code offset}, first closing the current segment with a marker if it moves on. */
    private LogPosition place(ByteBuffer record, long offset, long index, long term) {
        long at = position.offset();
        if (offset != at) {
            MappedSegment current = segments.segmentForWrite(at);
            ByteBuffer marker = ByteBuffer.allocate(RecordLayout.END_OF_SEGMENT_MIN_LENGTH);
            RecordLayout.writeEndOfSegment(marker, 0, (int) (offset - at));
            current.write((int) (at - current.baseOffset()), marker);
        }
        int length = record.remaining();
        MappedSegment segment = segments.segmentForWrite(offset);
        segment.write((int) (offset - segment.baseOffset()), record);
        LogIndexEntryLayout.write(indexEntry, offset, length);
        indexMap.append(index, indexEntry.clear());
        LogPosition end = new LogPosition(offset + length, index, term);
        position = end;
        return end;
    }

    /** A read-only view of the record at {@code offset} of {@code length} bytes, or null if not held. */
    public ByteBuffer read(long offset, int length) {
        MappedSegment segment = segments.segmentFor(offset);
        if (segment == null || offset + length > position.offset()) {
            return null;
        }
        return segment.slice((int) (offset - segment.baseOffset()), length);
    }

    /** The record with log index {@code index}, or null if not held. */
    public ByteBuffer readByIndex(long index) {
        FixedEntryLog.EntryRef ref = indexMap.locate(index);
        if (ref == null) {
            return null;
        }
        return read(LogIndexEntryLayout.physicalOffset(ref.buffer(), ref.position()),
            LogIndexEntryLayout.length(ref.buffer(), ref.position()));
    }

    /** Physical offset of the record with {@code index}, or -1 if not held. */
    public long offsetOf(long index) {
        FixedEntryLog.EntryRef ref = indexMap.locate(index);
        return ref == null ? -1L : LogIndexEntryLayout.physicalOffset(ref.buffer(), ref.position());
    }

    /**
     * Whole records from {@code fromIndex} on, exactly as stored, up to {@code maxBytes} in total (at least one
     * record when any is there). Followers append them with {@link #appendReplicated}.
     */
    public List<ByteBuffer> readEntries(long fromIndex, int maxBytes) {
        List<ByteBuffer> out = new ArrayList<>();
        long last = position.index();
        int bytes = 0;
        for (long i = fromIndex; i <= last; i++) {
            ByteBuffer record = readByIndex(i);
            if (record == null || !out.isEmpty() && bytes + record.remaining() > maxBytes) {
                break;
            }
            bytes += record.remaining();
            out.add(record);
        }
        return out;
    }

    /** Drops every record after {@code index}; a follower does this to cut a tail the leader never had. */
    public synchronized void truncateAfter(long index) {
        firstHeld = null;
        LogPosition current = position;
        if (index >= current.index()) {
            return;
        }
        if (index < firstIndex() - 1) {
            throw new IllegalArgumentException("cannot truncate below the first held index " + firstIndex());
        }
        // Cut just past the kept record, not where the next one starts: if that one had moved on to a new
        // segment, the end-of-segment marker before it goes too, so the next record lands where it would in a
        // log that never held the cut records (the leader's, whose bytes a follower must match).
        long cut = offsetOf(index + 1);
        long term = 0L;
        if (index > 0 && index >= firstIndex()) {
            ByteBuffer last = readByIndex(index);
            term = RecordLayout.term(last, 0);
            cut = offsetOf(index) + last.remaining();
        }
        segments.truncateFrom(cut);
        indexMap.truncateFrom(index + 1);
        position = new LogPosition(cut, index, term);
        flushedOffset = Math.min(flushedOffset, cut);
        // Make the cut itself durable, or a power loss could bring the cut records back as a valid tail.
        MappedSegment containing = segments.segmentFor(cut);
        if (containing != null) {
            containing.force();
        }
    }

    /** Releases the segments' file channels and stops preparing segments. */
    public void close() {
        segments.close();
    }

    /**
     * Forces every byte below {@code toOffset} to the device. Called by one flushing thread; an I/O error
     * propagates as an unchecked exception and must stop the store.
     */
    public synchronized void flush(long toOffset) {
        // A truncation may have cut what a pending flush asked for; there is nothing past the end to force.
        toOffset = Math.min(toOffset, position.offset());
        long from = flushedOffset;
        while (from < toOffset) {
            MappedSegment segment = segments.segmentFor(from);
            if (segment == null) {
                throw new IllegalStateException("no segment holds offset " + from + " while flushing");
            }
            long segmentEnd = segment.baseOffset() + segment.size();
            long to = Math.min(toOffset, segmentEnd);
            segment.force((int) (from - segment.baseOffset()), (int) (to - segment.baseOffset()));
            from = to;
        }
        if (toOffset > flushedOffset) {
            flushedOffset = toOffset;
        }
    }
}
