package io.wharf.store;

import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordLayout;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The messages read from one queue.
 *
 * @param status     what was found
 * @param records    the records exactly as stored (read-only views of the log), in queue order
 * @param nextOffset where the next read of this queue should start
 * @param minOffset  the queue's first held offset
 * @param maxOffset  one past the queue's last offset
 */
public record QueueReadResult(ReadStatus status, List<ByteBuffer> records, long nextOffset, long minOffset,
                              long maxOffset) {

    /** The records decoded, bodies copied. */
    public List<DecodedRecord> decoded() {
        return records.stream().map(b -> RecordLayout.decode(b, 0)).toList();
    }
}
