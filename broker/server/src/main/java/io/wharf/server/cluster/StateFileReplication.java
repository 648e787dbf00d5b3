package io.wharf.server.cluster;

import io.wharf.server.util.JsonFile;
import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's bookkeeping travels through the replicated log: every state document the leader writes in its
 * config directory (topics, consumer offsets, delay and timer progress, transaction check progress, retry
 * policies, DLQ re-drive log) is also appended, whole, as a record of queue {@link #STATE_QUEUE} of
 * {@link StoreRaftLog#CLUSTER_TOPIC}. Every member writes each committed state record over its own file when the
 * record is dispatched, so a new leader starts from the group's committed state. At start-up a member first
 * writes the newest committed record of each document (records dispatched during recovery had no listener).
 *
 * <p>The leader skips records it wrote itself in its current term (its files are already newer). Whoever holds a
 * document in memory (a follower's topics and offsets, which its admin reads answer from) hears of each file
 * written through {@link #onApplied}.
 */
public final class StateFileReplication {
    /** The queue of the cluster topic that carries state documents (queue 0 carries leaders' no-ops). */
    public static final int STATE_QUEUE = 1;
    private static final Logger LOG = LoggerFactory.getLogger(StateFileReplication.class);
    private static final String FILE = "FILE";
    private static final String WRITER = "WRITER";
    private static final String TERM = "TERM";

    private final MessageStore store;
    private final Path configDir;
    private final String self;
    private final Leadership leadership;
    private final LongSupplier term;
    private final List<Consumer<String>> appliedListeners = new CopyOnWriteArrayList<>();

    public StateFileReplication(MessageStore store, Path configDir, String self, Leadership leadership,
                                LongSupplier term) {
        this.store = store;
        this.configDir = configDir;
        this.self = self;
        this.leadership = leadership;
        this.term = term;
    }

    /** Writes the newest committed version of every document, then publishes this member's writes as leader. */
    public void start() {
        restoreNewest();
        JsonFile.publishWrites(configDir, this::publish);
    }

    /** {@code listener} is told the file name each time a committed document was written over this member's file. */
    public void onApplied(Consumer<String> listener) {
        appliedListeners.add(listener);
    }

    public void stop() {
        JsonFile.stopPublishing(configDir);
    }

    private void publish(String fileName, byte[] bytes) {
        if (!leadership.isLeader()) {
            return;
        }
        Map<String, String> props = Map.of(FILE, fileName, WRITER, self, TERM, Long.toString(term.getAsLong()));
        store.append(RecordContent.of(StoreRaftLog.CLUSTER_TOPIC, STATE_QUEUE, props, bytes))
            .whenComplete((r, e) -> {
                if (e != null) {
                    LOG.warn("state document {} was not replicated ({}); the next write carries it", fileName,
                        e.toString());
                } else {
                    leadership.appended();
                }
            });
    }

    /** Dispatch listener: a committed state record arrived. */
    public void onDispatched(String topic, int queueId, long offset) {
        if (queueId != STATE_QUEUE || !StoreRaftLog.CLUSTER_TOPIC.equals(topic)) {
            return;
        }
        QueueReadResult r = store.read(topic, queueId, offset, 1, Integer.MAX_VALUE, h -> true);
        for (DecodedRecord d : r.decoded()) {
            if (self.equals(d.property(WRITER)) && leadership.isLeader()
                && Long.toString(term.getAsLong()).equals(d.property(TERM))) {
                continue;
            }
            apply(d);
        }
    }

    private void apply(DecodedRecord d) {
        String name = d.property(FILE);
        if (name == null || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            LOG.error("ignoring a state record with a bad file name '{}' at log index {}", name, d.logIndex());
            return;
        }
        JsonFile.replace(configDir.resolve(name), d.body());
        for (Consumer<String> l : appliedListeners) {
            l.accept(name);
        }
    }

    private void restoreNewest() {
        long[] bounds = store.queueBounds(StoreRaftLog.CLUSTER_TOPIC, STATE_QUEUE);
        Set<String> done = new HashSet<>();
        long end = bounds[1];
        int restored = 0;
        while (end > bounds[0]) {
            long from = Math.max(bounds[0], end - 256);
            List<DecodedRecord> chunk = store.read(StoreRaftLog.CLUSTER_TOPIC, STATE_QUEUE, from,
                (int) (end - from), Integer.MAX_VALUE, h -> true).decoded();
            for (int i = chunk.size() - 1; i >= 0; i--) {
                DecodedRecord d = chunk.get(i);
                if (d.property(FILE) != null && done.add(d.property(FILE))) {
                    apply(d);
                    restored++;
                }
            }
            end = from;
        }
        if (restored > 0) {
            LOG.info("restored {} state documents from the replicated log", restored);
        }
    }
}
