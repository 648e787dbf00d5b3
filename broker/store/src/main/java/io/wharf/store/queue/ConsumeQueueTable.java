package io.wharf.store.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every consume queue of the store, under {@code <store>/consumequeue/<topic>/<queue id>/}. Queues are created
 * on first dispatch and found again on open by listing the directories.
 */
public final class ConsumeQueueTable {
    private final Path root;
    private final int entriesPerSegment;
    private final ConcurrentHashMap<QueueKey, ConsumeQueue> queues = new ConcurrentHashMap<>();

    private ConsumeQueueTable(Path root, int entriesPerSegment) {
        this.root = root;
        this.entriesPerSegment = entriesPerSegment;
    }

    /** Opens every queue found below {@code root}. */
    public static ConsumeQueueTable open(Path root, int entriesPerSegment) {
        ConsumeQueueTable table = new ConsumeQueueTable(root, entriesPerSegment);
        try {
            Files.createDirectories(root);
            try (Stream<Path> topics = Files.list(root)) {
                for (Path topicDir : topics.filter(Files::isDirectory).toList()) {
                    String topic = QueueKey.decodeTopicDirName(topicDir.getFileName().toString());
                    try (Stream<Path> ids = Files.list(topicDir)) {
                        for (Path idDir : ids.filter(Files::isDirectory).toList()) {
                            int queueId = Integer.parseInt(idDir.getFileName().toString());
                            table.get(new QueueKey(topic, queueId), true);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open consume queues in " + root, e);
        }
        return table;
    }

    /** The queue for {@code key}; created when {@code create}, otherwise null if absent. */
    public ConsumeQueue get(QueueKey key, boolean create) {
        if (!create) {
            return queues.get(key);
        }
        return queues.computeIfAbsent(key, k -> new ConsumeQueue(k.topic(), k.queueId(),
            root.resolve(QueueKey.encodeTopicDirName(k.topic())).resolve(Integer.toString(k.queueId())),
            entriesPerSegment));
    }

    public Collection<ConsumeQueue> all() {
        return queues.values();
    }

    /** Every queue of {@code topic}, in queue-id order. */
    public List<ConsumeQueue> ofTopic(String topic) {
        List<ConsumeQueue> out = new ArrayList<>();
        for (ConsumeQueue q : queues.values()) {
            if (q.topic().equals(topic)) {
                out.add(q);
            }
        }
        out.sort((a, b) -> Integer.compare(a.queueId(), b.queueId()));
        return out;
    }

    /** Deletes a queue's files; it is recreated empty on the next dispatch. */
    public void drop(QueueKey key) {
        ConsumeQueue q = queues.remove(key);
        if (q != null) {
            q.deleteAll();
        }
    }

    public void forceAll() {
        for (ConsumeQueue q : queues.values()) {
            q.force();
        }
    }
}
