package io.wharf.server.topic;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.protocol.SystemTopics;
import io.wharf.server.util.JsonFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's topics, persisted in {@code <data.dir>/config/topics.json} on every change. Topics are created
 * and updated through the admin API; with {@code topic.auto.create} a send to an unknown topic creates it with
 * the default queue count.
 */
public final class TopicRegistry {
    private final JsonFile<Map<String, Integer>> file;
    private final ConcurrentHashMap<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final boolean autoCreate;
    private final int defaultQueues;

    public TopicRegistry(Path configDir, boolean autoCreate, int defaultQueues) {
        this.file = new JsonFile<>(configDir.resolve("topics.json"), new TypeReference<>() { });
        this.autoCreate = autoCreate;
        this.defaultQueues = defaultQueues;
        reload();
    }

    /**
     * Takes in the topics the file names (a new leader takes over the group's topics; a queue count only grows).
     * Topics held but not in the file are kept.
     */
    public synchronized void reload() {
        Map<String, Integer> saved = file.read();
        if (saved != null) {
            saved.forEach((name, queues) -> topics.merge(name, new TopicConfig(name, queues),
                (a, b) -> a.queueCount() >= b.queueCount() ? a : b));
        }
    }

    /**
     * The topic, created with the default queue count when auto-creation is on. Auto-creation never makes one of
     * the broker's own topics or a retry topic: those exist because the broker made them.
     */
    public Optional<TopicConfig> find(String name) {
        TopicConfig t = topics.get(name);
        if (t == null && autoCreate && !SystemTopics.isBrokerInternal(name) && !SystemTopics.isRetryTopic(name)) {
            TopicConfig.validateName(name);
            return Optional.of(createOrUpdate(name, defaultQueues));
        }
        return Optional.ofNullable(t);
    }

    /** Creates a topic or changes its queue count (queues are only ever added: shrinking would strand messages). */
    public synchronized TopicConfig createOrUpdate(String name, int queueCount) {
        TopicConfig existing = topics.get(name);
        if (existing != null && queueCount < existing.queueCount()) {
            throw new IllegalArgumentException("topic " + name + " has " + existing.queueCount()
                + " queues; the count can grow but not shrink");
        }
        TopicConfig t = new TopicConfig(name, queueCount);
        topics.put(name, t);
        save();
        return t;
    }

    public List<TopicConfig> all() {
        List<TopicConfig> out = new ArrayList<>(topics.values());
        out.sort(Comparator.comparing(TopicConfig::name));
        return out;
    }

    private void save() {
        Map<String, Integer> m = new TreeMap<>();
        topics.values().forEach(t -> m.put(t.name(), t.queueCount()));
        file.write(m);
    }
}
