package io.wharf.client.consumer;

import io.wharf.client.ReceivedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The concurrent listener calls running now and when each started, for {@link ConsumerConfig#consumeTimeoutMs()}.
 * Each call is settled exactly once: by its own end ({@link #finished}) or, once it has run longer than the
 * timeout, by the sweep ({@link #expired}); whichever comes second is ignored.
 */
final class ConsumeTimeouts {
    /** Fastest and slowest sweep; the sweep runs four times per timeout between these. */
    static final long MIN_SWEEP_MS = 10;
    static final long MAX_SWEEP_MS = 60_000;

    /** One listener call. */
    record Call(ProcessQueue pq, List<ReceivedMessage> batch, long startNanos, AtomicBoolean settled) {
        private boolean claim() {
            return settled.compareAndSet(false, true);
        }
    }

    private final long timeoutNanos;
    private final Set<Call> running = ConcurrentHashMap.newKeySet();

    ConsumeTimeouts(long timeoutMs) {
        this.timeoutNanos = timeoutMs * 1_000_000L;
    }

    /** How often to look for expired calls. */
    static long sweepPeriodMs(long timeoutMs) {
        return Math.clamp(timeoutMs / 4, MIN_SWEEP_MS, MAX_SWEEP_MS);
    }

    Call started(ProcessQueue pq, List<ReceivedMessage> batch, long nowNanos) {
        Call c = new Call(pq, batch, nowNanos, new AtomicBoolean());
        running.add(c);
        return c;
    }

    /** The listener returned (or threw): true if its result counts, false if the call had already expired. */
    boolean finished(Call c) {
        running.remove(c);
        return c.claim();
    }

    /** The calls that have run longer than the timeout and were not settled yet; now settled by the caller. */
    List<Call> expired(long nowNanos) {
        List<Call> out = new ArrayList<>();
        for (Call c : running) {
            if (nowNanos - c.startNanos() > timeoutNanos && c.claim()) {
                running.remove(c);
                out.add(c);
            }
        }
        return out;
    }
}
