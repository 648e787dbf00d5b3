package io.wharf.server.transaction;

import io.wharf.server.transaction.PendingHalf.OpKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The pending half messages in store order, and the check-back schedule over them: which halves are due for a
 * check, which have used up their checks and go to the discard topic, and how far the half queue is fully
 * settled (the progress a restart scans from). Times are passed in, so the schedule is tested with any clock.
 * Thread-safe.
 */
final class HalfTable {
    private static final int RECENT_ENDS = 10_000;

    private final TransactionConfig config;
    private final TreeMap<Long, PendingHalf> pending = new TreeMap<>();
    private final Map<Long, OpKind> recentEnds = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, OpKind> eldest) {
            return size() > RECENT_ENDS;
        }
    };
    private long nextQueueOffset;

    HalfTable(TransactionConfig config) {
        this.config = config;
    }

    /** One step of the schedule: check the half, or discard it because its checks ran out. */
    record Due(PendingHalf half, boolean discard) {
    }

    synchronized void add(PendingHalf half) {
        pending.put(half.halfOffset, half);
        nextQueueOffset = Math.max(nextQueueOffset, half.queueOffset + 1);
    }

    /** Notes the half queue's end, so the progress moves past halves that were settled before a restart. */
    synchronized void halfQueueEnd(long queueOffset) {
        nextQueueOffset = Math.max(nextQueueOffset, queueOffset);
    }

    synchronized PendingHalf get(long halfOffset) {
        return pending.get(halfOffset);
    }

    synchronized int size() {
        return pending.size();
    }

    /** How a half that is no longer pending ended, if it ended recently; null if unknown. */
    synchronized OpKind recentEnd(long halfOffset) {
        return recentEnds.get(halfOffset);
    }

    /** Halves due now, oldest first; halves being ended or checked are skipped. */
    synchronized List<Due> due(long nowMs) {
        List<Due> out = new ArrayList<>();
        for (PendingHalf h : pending.values()) {
            if (h.ending == null && !h.checkInFlight && nowMs >= h.nextCheckAtMs(config)) {
                out.add(new Due(h, h.checkTimes >= config.checkMax()));
            }
        }
        return out;
    }

    /** Records that a check was sent now: it counts, and the next is due an interval later. */
    synchronized void checkStarted(PendingHalf half, long nowMs) {
        half.checkTimes++;
        half.lastCheckMs = nowMs;
        half.checkInFlight = true;
    }

    synchronized void checkFinished(PendingHalf half) {
        half.checkInFlight = false;
    }

    /**
     * Claims the end of a half. Returns null when the caller is to carry it out and then call {@link #ended} or
     * {@link #endFailed}; otherwise the future of the end already under way, which must be of the same kind.
     */
    synchronized CompletableFuture<Void> beginEnd(PendingHalf half, OpKind kind) {
        if (half.ending != null) {
            if (half.ending != kind) {
                return CompletableFuture.failedFuture(new IllegalStateException("transaction " + half.transactionId
                    + " is already being ended with " + half.ending));
            }
            return half.ended;
        }
        half.ending = kind;
        half.ended = new CompletableFuture<>();
        return null;
    }

    synchronized void ended(PendingHalf half) {
        pending.remove(half.halfOffset);
        recentEnds.put(half.halfOffset, half.ending);
    }

    synchronized void endFailed(PendingHalf half) {
        half.ending = null;
    }

    /** The half-queue offset below which every half has ended: where a restart starts scanning. */
    synchronized long progress() {
        return pending.isEmpty() ? nextQueueOffset : pending.firstEntry().getValue().queueOffset;
    }
}
