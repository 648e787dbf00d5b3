package io.wharf.server.retry;

import io.wharf.protocol.PropertyNames;
import io.wharf.server.health.NodeHealth;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.ReadStatus;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A group's dead-letter queue: lists and counts dead messages, and re-drives them to {@code %RETRY%<group>} with
 * a fresh retry budget (reconsume count 0). Each dead message is re-driven at most once, also across repeated
 * requests and crashes ({@link RedriveLog}); a message is identified by its commit-log offset (its offsetMsgId).
 */
public final class DeadLetterService {
    private static final int READ_BYTES = 8 << 20;
    private static final String HEALTH_PART = "DLQ re-drive log";

    private final MessageStore store;
    private final TopicRegistry topics;
    private final RedriveLog log;
    private final NodeHealth health;

    public DeadLetterService(MessageStore store, TopicRegistry topics, Path configDir, NodeHealth health) {
        this.store = store;
        this.topics = topics;
        this.log = new RedriveLog(configDir);
        this.health = health;
    }

    /** Writes the re-drive log; a failure degrades the node's health (and fails the re-drive) until one succeeds. */
    private void record(Runnable write) {
        try {
            write.run();
            health.succeeded(HEALTH_PART);
        } catch (RuntimeException e) {
            health.failed(HEALTH_PART, e);
            throw e;
        }
    }

    /** Dead messages from queue offset {@code from}, at most {@code max}, each with whether it was re-driven. */
    public List<DeadLetter> list(String group, long from, int max) {
        settlePending(group);
        String dlq = RetryTopics.dlqTopic(group);
        long start = Math.max(from, store.queueBounds(dlq, 0)[0]);
        QueueReadResult read = store.read(dlq, 0, start, max, READ_BYTES, h -> true);
        if (read.status() != ReadStatus.FOUND) {
            return List.of();
        }
        return read.decoded().stream().map(r -> new DeadLetter(r, log.isDone(group, r.physicalOffset()))).toList();
    }

    /** One dead message by id, or null when the id is not a message of this group's DLQ. */
    public DeadLetter find(String group, long id) {
        settlePending(group);
        DecodedRecord r = store.readByOffset(id);
        if (r == null || !r.topic().equals(RetryTopics.dlqTopic(group))) {
            return null;
        }
        return new DeadLetter(r, log.isDone(group, id));
    }

    /** Stored dead messages and how many of them were re-driven. */
    public Map<String, Long> count(String group) {
        settlePending(group);
        long[] b = store.queueBounds(RetryTopics.dlqTopic(group), 0);
        long redriven = log.doneCount(group);
        return Map.of("dead", b[1] - b[0], "redriven", redriven, "awaiting", Math.max(0, b[1] - b[0] - redriven));
    }

    /**
     * Re-drives the given dead messages (all of them when {@code ids} is null); ids already re-driven are skipped.
     *
     * @return the ids re-driven by this call, and the ids skipped or unknown
     */
    public synchronized Map<String, List<Long>> redrive(String group, List<Long> ids) {
        settlePending(group);
        List<DecodedRecord> selected = new ArrayList<>();
        List<Long> skipped = new ArrayList<>();
        for (long id : ids == null ? allIds(group) : new LinkedHashSet<>(ids)) {
            DeadLetter d = find(group, id);
            if (d == null || d.redriven()) {
                skipped.add(id);
            } else {
                selected.add(d.record());
            }
        }
        if (selected.isEmpty()) {
            return Map.of("redriven", List.of(), "skipped", skipped);
        }
        String retry = RetryTopics.retryTopic(group);
        RetryTopics.ensure(topics, retry);
        Set<Long> selectedIds = new HashSet<>();
        List<RecordContent> copies = new ArrayList<>();
        for (DecodedRecord r : selected) {
            selectedIds.add(r.physicalOffset());
            Map<String, String> p = new HashMap<>(r.properties());
            p.put(PropertyNames.DLQ_OFFSET, Long.toString(r.physicalOffset()));
            copies.add(new RecordContent(retry, 0, r.flags(), r.bornTimestampMs(), r.bornHost(), 0, 0L, p,
                r.body()));
        }
        long retryEnd = store.queueBounds(retry, 0)[1];
        record(() -> log.begin(group, selectedIds, retryEnd));
        store.appendAll(copies).join();
        record(() -> log.finish(group, selectedIds));
        return Map.of("redriven", selectedIds.stream().sorted().toList(), "skipped", skipped);
    }

    private List<Long> allIds(String group) {
        List<Long> ids = new ArrayList<>();
        String dlq = RetryTopics.dlqTopic(group);
        long[] b = store.queueBounds(dlq, 0);
        long next = b[0];
        while (next < b[1]) {
            QueueReadResult read = store.read(dlq, 0, next, 256, READ_BYTES, h -> true);
            if (read.status() != ReadStatus.FOUND) {
                break;
            }
            read.decoded().forEach(r -> ids.add(r.physicalOffset()));
            next = read.nextOffset();
        }
        return ids;
    }

    /** Settles a re-drive interrupted by a crash: ids whose copy reached the retry queue are done. */
    private synchronized void settlePending(String group) {
        RedriveLog.GroupState s = log.of(group);
        if (s.pending().isEmpty()) {
            return;
        }
        Set<Long> sent = new HashSet<>();
        String retry = RetryTopics.retryTopic(group);
        long next = Math.max(s.retryQueueFrom(), store.queueBounds(retry, 0)[0]);
        while (true) {
            QueueReadResult read = store.read(retry, 0, next, 256, READ_BYTES, h -> true);
            if (read.status() != ReadStatus.FOUND) {
                break;
            }
            for (DecodedRecord r : read.decoded()) {
                String dlqOffset = r.property(PropertyNames.DLQ_OFFSET);
                if (dlqOffset != null && s.pending().contains(Long.parseLong(dlqOffset))) {
                    sent.add(Long.parseLong(dlqOffset));
                }
            }
            next = read.nextOffset();
        }
        record(() -> log.finish(group, sent));
    }

    /** A dead message and whether it was re-driven. */
    public record DeadLetter(DecodedRecord record, boolean redriven) {
    }
}
