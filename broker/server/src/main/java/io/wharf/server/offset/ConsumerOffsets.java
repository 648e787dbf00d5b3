package io.wharf.server.offset;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.server.util.JsonFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Committed consumer offsets: for each (group, topic, queue) the offset of the next message the group has not
 * consumed. Held in memory, persisted to {@code <data.dir>/config/consumer-offsets.json} by {@link #flush()}
 * (periodically and at shutdown) when something changed. A crash can lose the last interval of commits, which
 * re-delivers those messages: consumers must be idempotent, as the seeds insist.
 */
public final class ConsumerOffsets {
    private final JsonFile<Map<String, Long>> file;
    private final ConcurrentHashMap<OffsetKey, Long> offsets = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    public ConsumerOffsets(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("consumer-offsets.json"), new TypeReference<>() { });
        reload();
    }

    /** Replaces what is held with what the file says (a new leader takes over the group's offsets). */
    public synchronized void reload() {
        Map<String, Long> saved = file.read();
        offsets.clear();
        if (saved != null) {
            saved.forEach((k, v) -> offsets.put(OffsetKey.parse(k), v));
        }
        dirty = false;
    }

    public void commit(OffsetKey key, long offset) {
        Long previous = offsets.put(key, offset);
        if (previous == null || previous != offset) {
            dirty = true;
        }
    }

    public OptionalLong committed(OffsetKey key) {
        Long v = offsets.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Every committed offset of a group in a topic, by queue id. */
    public Map<Integer, Long> ofGroupTopic(String group, String topic) {
        Map<Integer, Long> out = new TreeMap<>();
        offsets.forEach((k, v) -> {
            if (k.group().equals(group) && k.topic().equals(topic)) {
                out.put(k.queueId(), v);
            }
        });
        return out;
    }

    /**
     * Writes the offsets if anything changed since the last successful flush; a failed write leaves them to be
     * written by the next flush (and throws).
     */
    public synchronized void flush() {
        if (!dirty) {
            return;
        }
        dirty = false;
        Map<String, Long> m = new TreeMap<>();
        offsets.forEach((k, v) -> m.put(k.asText(), v));
        try {
            file.write(m);
        } catch (RuntimeException e) {
            dirty = true;
            throw e;
        }
    }
}
