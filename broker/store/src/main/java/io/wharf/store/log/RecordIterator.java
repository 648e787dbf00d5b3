package io.wharf.store.log;

import io.wharf.store.file.MappedSegment;
import io.wharf.store.file.SegmentedFile;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordLayout;
import java.nio.ByteBuffer;

/**
 * Walks the commit log record by record from a record boundary, verifying each record's CRC and skipping
 * end-of-segment markers. It stops at the first position that does not hold a valid record; {@link #stop()}
 * says why, and {@link #offset()} is then the offset of the first byte not covered by a valid record.
 */
public final class RecordIterator {
    private final SegmentedFile files;
    private final long limitOffset;
    private long offset;
    private RecordCheck stop;
    private ByteBuffer currentBuffer;
    private int currentBase;

    /**
     * @param limitOffset stop before this offset (exclusive), e.g. the log's write offset
     */
    public RecordIterator(SegmentedFile files, long fromOffset, long limitOffset) {
        this.files = files;
        this.offset = fromOffset;
        this.limitOffset = limitOffset;
    }

    /** Moves to the next valid record; false when the walk stopped. */
    public boolean next() {
        if (currentBuffer != null) {
            offset += RecordLayout.length(currentBuffer, currentBase);
            currentBuffer = null;
        }
        while (offset < limitOffset) {
            MappedSegment segment = files.segmentFor(offset);
            if (segment == null) {
                stop = RecordCheck.END_OF_DATA;
                return false;
            }
            int base = (int) (offset - segment.baseOffset());
            RecordCheck check = RecordLayout.check(segment.buffer(), base);
            if (check == RecordCheck.END_OF_SEGMENT) {
                offset = segment.baseOffset() + segment.size();
                continue;
            }
            if (check != RecordCheck.VALID) {
                stop = check;
                return false;
            }
            currentBuffer = segment.buffer();
            currentBase = base;
            return true;
        }
        stop = RecordCheck.END_OF_DATA;
        return false;
    }

    /** Offset of the current record, or, once stopped, of the first byte not holding a valid record. */
    public long offset() {
        return offset;
    }

    /** The buffer holding the current record; read it at {@link #base()}. */
    public ByteBuffer buffer() {
        return currentBuffer;
    }

    public int base() {
        return currentBase;
    }

    public int length() {
        return RecordLayout.length(currentBuffer, currentBase);
    }

    /** Why the walk stopped; null while it has not. */
    public RecordCheck stop() {
        return stop;
    }
}
