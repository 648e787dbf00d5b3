package io.wharf.server.transaction;

import io.wharf.protocol.body.TransactionState;
import java.util.concurrent.CompletableFuture;

/**
 * A half message whose transaction has not ended, with its check-back history. Guarded by the {@link HalfTable}
 * that holds it.
 */
final class PendingHalf {
    final long halfOffset;
    final long queueOffset;
    final String transactionId;
    final String group;
    final long storeTimestampMs;
    int checkTimes;
    long lastCheckMs;
    boolean checkInFlight;
    /** The end under way (commit, rollback or discard) and its outcome; null while none is. */
    OpKind ending;
    CompletableFuture<Void> ended;

    PendingHalf(long halfOffset, long queueOffset, String transactionId, String group, long storeTimestampMs,
                int checkTimes, long lastCheckMs) {
        this.halfOffset = halfOffset;
        this.queueOffset = queueOffset;
        this.transactionId = transactionId;
        this.group = group;
        this.storeTimestampMs = storeTimestampMs;
        this.checkTimes = checkTimes;
        this.lastCheckMs = lastCheckMs;
    }

    /** When the next check is due: the timeout after storing, then the interval after each check. */
    long nextCheckAtMs(TransactionConfig config) {
        return checkTimes == 0 ? storeTimestampMs + config.timeoutMs() : lastCheckMs + config.checkIntervalMs();
    }

    /** What an op record says about a transaction. */
    enum OpKind {
        /** The producer or a check-back committed it; the real message follows the op record. */
        COMMIT,
        /** The producer or a check-back rolled it back. */
        ROLLBACK,
        /** Checks ran out; the half's copy in the discard topic follows the op record. */
        DISCARD,
        /** One check-back was sent (counts towards the maximum; not an end). */
        CHECK;

        boolean isEnd() {
            return this != CHECK;
        }

        static OpKind of(TransactionState state) {
            return switch (state) {
                case COMMIT -> COMMIT;
                case ROLLBACK -> ROLLBACK;
                case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN does not end a transaction");
            };
        }
    }
}
