package io.wharf.server.transaction;

import io.wharf.protocol.PropertyNames;
import io.wharf.server.transaction.PendingHalf.OpKind;
import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.ReadStatus;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the {@link HalfTable} from the store when the broker starts: every op record is read (how each half
 * ended, how often it was checked and when last), then the half queue from the persisted progress; halves with
 * no end are pending again. It also finishes an end cut short by a crash: an end is appended as the op record
 * followed by its consequence (the committed message, or the discard copy) in one batch, so a crash can only
 * leave the op record without its consequence when that op record is the last record of the log.
 */
final class TransactionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRecovery.class);
    private static final int READ_BATCH = 256;
    private static final int READ_BYTES = 4 << 20;

    /** What the op records say about one half. */
    private static final class OpSummary {
        OpKind end;
        int checks;
        long lastCheckMs;
    }

    private TransactionRecovery() {
    }

    static void rebuild(MessageStore store, HalfTable table, long progress) {
        Map<Long, OpSummary> ops = new HashMap<>();
        DecodedRecord[] lastOp = new DecodedRecord[1];
        readQueue(store, TransactionRecords.OP_TOPIC, 0, op -> {
            OpKind kind = TransactionRecords.opKind(op);
            if (kind == null) {
                return;
            }
            OpSummary s = ops.computeIfAbsent(TransactionRecords.opHalfOffset(op), k -> new OpSummary());
            if (kind.isEnd()) {
                s.end = kind;
            } else {
                s.checks++;
                s.lastCheckMs = Math.max(s.lastCheckMs, op.storeTimestampMs());
            }
            lastOp[0] = op;
        });
        long end = readQueue(store, TransactionRecords.HALF_TOPIC, progress, half -> {
            OpSummary s = ops.get(half.physicalOffset());
            if (s == null || s.end == null) {
                table.add(new PendingHalf(half.physicalOffset(), half.queueOffset(),
                    half.properties().getOrDefault(PropertyNames.UNIQ_KEY, ""),
                    half.properties().getOrDefault(PropertyNames.PGROUP, ""), half.storeTimestampMs(),
                    s == null ? 0 : s.checks, s == null ? 0L : s.lastCheckMs));
            }
        });
        table.halfQueueEnd(end);
        if (lastOp[0] != null) {
            OpSummary s = ops.get(TransactionRecords.opHalfOffset(lastOp[0]));
            finishCutEnd(store, lastOp[0], s == null ? 0 : s.checks);
        }
        LOG.info("transactions: {} half messages pending after recovery (half queue scanned from {} to {})",
            table.size(), progress, end);
    }

    private static void finishCutEnd(MessageStore store, DecodedRecord op, int checks) {
        OpKind kind = TransactionRecords.opKind(op);
        if (kind != OpKind.COMMIT && kind != OpKind.DISCARD || consequenceFollows(store, op)) {
            return;
        }
        DecodedRecord half = store.readByOffset(TransactionRecords.opHalfOffset(op));
        if (!TransactionRecords.isHalf(half)) {
            LOG.error("op record {} names no half message at offset {}", op.physicalOffset(),
                TransactionRecords.opHalfOffset(op));
            return;
        }
        RecordContent consequence = kind == OpKind.COMMIT ? TransactionRecords.committed(half)
            : TransactionRecords.discarded(half, checks);
        LOG.warn("transactions: finishing {} of half {} that a crash cut short", kind, half.physicalOffset());
        store.append(consequence).join();
    }

    /**
     * Whether the record written with {@code op} follows it. The op and its consequence are appended together, so
     * they are adjacent in one term; a crash (or a leader change that cut the old leader's uncommitted tail) can
     * only remove a suffix: either nothing follows the op, or a record of a later term does (a new leader's no-op).
     */
    private static boolean consequenceFollows(MessageStore store, DecodedRecord op) {
        long next = op.logIndex() + 1;
        if (next > store.endPosition().index()) {
            return false;
        }
        java.nio.ByteBuffer r = store.readEntries(next, 1).get(0);
        return RecordLayout.term(r, r.position()) == op.term();
    }

    /** Calls {@code each} for every record of the queue from {@code from}; returns the queue's end offset. */
    static long readQueue(MessageStore store, String topic, long from, Consumer<DecodedRecord> each) {
        long next = from;
        while (true) {
            QueueReadResult r = store.read(topic, 0, next, READ_BATCH, READ_BYTES, h -> true);
            if (r.status() == ReadStatus.OFFSET_TOO_SMALL || r.status() == ReadStatus.OFFSET_OVERFLOW) {
                next = r.nextOffset();
                continue;
            }
            if (r.status() != ReadStatus.FOUND && r.status() != ReadStatus.NO_MATCHED_MESSAGE) {
                return r.status() == ReadStatus.NO_SUCH_QUEUE ? 0 : r.nextOffset();
            }
            r.decoded().forEach(each);
            if (r.nextOffset() == next) {
                return next;
            }
            next = r.nextOffset();
        }
    }
}
