package io.wharf.server.lock;

import io.wharf.server.offset.OffsetKey;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-group queue locks for ordered consumption: a lock on (group, topic, queue) is held by one client at a
 * time for a lease, renewed by the holder's lock requests. A lock whose lease ran out (a dead holder) goes to
 * the next client that asks.
 */
public final class QueueLocks {
    private final InstantSource clock;
    private final long leaseMs;
    private final Map<OffsetKey, Lease> locks = new ConcurrentHashMap<>();

    public QueueLocks(InstantSource clock, long leaseMs) {
        this.clock = clock;
        this.leaseMs = leaseMs;
    }

    /** Grants or renews the locks {@code clientId} can have; returns the queue ids it now holds. */
    public synchronized List<Integer> lock(String group, String topic, String clientId, List<Integer> queueIds) {
        long now = clock.millis();
        List<Integer> held = new ArrayList<>();
        for (int q : queueIds) {
            OffsetKey key = new OffsetKey(group, topic, q);
            Lease current = locks.get(key);
            if (current == null || current.clientId().equals(clientId) || current.expiresAtMs() <= now) {
                locks.put(key, new Lease(clientId, now + leaseMs));
                held.add(q);
            }
        }
        return held;
    }

    public synchronized void unlock(String group, String topic, String clientId, List<Integer> queueIds) {
        for (int q : queueIds) {
            locks.computeIfPresent(new OffsetKey(group, topic, q),
                (k, lease) -> lease.clientId().equals(clientId) ? null : lease);
        }
    }

    /** Releases every lock of a client that left or disconnected. */
    /** Forgets every lock (a new leader starts with none; consumers lock again). */
    public synchronized void clear() {
        locks.clear();
    }

    public synchronized void releaseAll(String clientId) {
        locks.values().removeIf(lease -> lease.clientId().equals(clientId));
    }

    /** The holder of a queue's lock, or null. */
    public String holder(String group, String topic, int queueId) {
        Lease lease = locks.get(new OffsetKey(group, topic, queueId));
        return lease == null || lease.expiresAtMs() <= clock.millis() ? null : lease.clientId();
    }

    private record Lease(String clientId, long expiresAtMs) {
    }
}
