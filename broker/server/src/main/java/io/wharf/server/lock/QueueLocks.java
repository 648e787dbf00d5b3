package io.wharf.server.lock;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.server.offset.OffsetKey;
import io.wharf.server.util.JsonFile;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-group queue locks for ordered consumption: a lock on (group, topic, queue) is held by one client at a
 * time for a lease, renewed by the holder's lock requests. A lock whose lease ran out (a dead holder) goes to
 * the next client that asks.
 *
 * <p>In a replication group the holders are also written to {@code queue-locks.json} whenever a holder changes
 * (not on renewals), which replicates them; a new leader {@link #reload()}s them with a fresh lease, so a queue
 * stays with its consumer across a failover.
 */
public final class QueueLocks {
    private final InstantSource clock;
    private final long leaseMs;
    private final Map<OffsetKey, Lease> locks = new ConcurrentHashMap<>();
    private final JsonFile<Map<String, String>> file;

    public QueueLocks(InstantSource clock, long leaseMs) {
        this(clock, leaseMs, null);
    }

    /** Locks whose holders are kept in {@code configDir/queue-locks.json} (null: in memory only). */
    public QueueLocks(InstantSource clock, long leaseMs, Path configDir) {
        this.clock = clock;
        this.leaseMs = leaseMs;
        this.file = configDir == null ? null
            : new JsonFile<>(configDir.resolve("queue-locks.json"), new TypeReference<>() { });
    }

    /** Takes the holders from the file, each with a full lease from now (a new leader takes over the locks). */
    public synchronized void reload() {
        locks.clear();
        Map<String, String> saved = file == null ? null : file.read();
        if (saved != null) {
            long expires = clock.millis() + leaseMs;
            saved.forEach((k, client) -> locks.put(OffsetKey.parse(k), new Lease(client, expires)));
        }
    }

    private void save() {
        if (file != null) {
            Map<String, String> m = new TreeMap<>();
            locks.forEach((k, lease) -> m.put(k.asText(), lease.clientId()));
            file.write(m);
        }
    }

    /** Grants or renews the locks {@code clientId} can have; returns the queue ids it now holds. */
    public synchronized List<Integer> lock(String group, String topic, String clientId, List<Integer> queueIds) {
        long now = clock.millis();
        List<Integer> held = new ArrayList<>();
        boolean changed = false;
        for (int q : queueIds) {
            OffsetKey key = new OffsetKey(group, topic, q);
            Lease current = locks.get(key);
            if (current == null || current.clientId().equals(clientId) || current.expiresAtMs() <= now) {
                locks.put(key, new Lease(clientId, now + leaseMs));
                held.add(q);
                changed |= current == null || !current.clientId().equals(clientId);
            }
        }
        if (changed) {
            save();
        }
        return held;
    }

    public synchronized void unlock(String group, String topic, String clientId, List<Integer> queueIds) {
        int before = locks.size();
        for (int q : queueIds) {
            locks.computeIfPresent(new OffsetKey(group, topic, q),
                (k, lease) -> lease.clientId().equals(clientId) ? null : lease);
        }
        if (locks.size() != before) {
            save();
        }
    }

    /** Releases every lock of a client that left or disconnected. */
    public synchronized void releaseAll(String clientId) {
        if (locks.values().removeIf(lease -> lease.clientId().equals(clientId))) {
            save();
        }
    }

    /** The holder of a queue's lock, or null. */
    public String holder(String group, String topic, int queueId) {
        Lease lease = locks.get(new OffsetKey(group, topic, queueId));
        return lease == null || lease.expiresAtMs() <= clock.millis() ? null : lease.clientId();
    }

    private record Lease(String clientId, long expiresAtMs) {
    }
}
