package io.wharf.server.retry;

import com.fasterxml.jackson.core.type.TypeReference;
import io.wharf.server.util.JsonFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which dead messages were re-driven, per group, persisted in {@code <config>/dlq-redrive.json}. A re-drive
 * first records its selection as pending (with the retry queue's end at that moment), then sends, then records
 * the selection as done. A pending selection found on start is settled by looking for the re-sent copies (they
 * carry DLQ_OFFSET) in the retry queue: a message whose copy is there is done, the others stay re-drivable.
 */
final class RedriveLog {
    /** One group's state: done ids, and the pending selection with where its copies would start. */
    record GroupState(Set<Long> done, Set<Long> pending, long retryQueueFrom) {
        static GroupState empty() {
            return new GroupState(new TreeSet<>(), new TreeSet<>(), 0);
        }
    }

    private final JsonFile<Map<String, GroupState>> file;
    private final Map<String, GroupState> groups = new TreeMap<>();

    RedriveLog(Path configDir) {
        this.file = new JsonFile<>(configDir.resolve("dlq-redrive.json"), new TypeReference<>() { });
        Map<String, GroupState> saved = file.read();
        if (saved != null) {
            saved.forEach((g, s) -> groups.put(g, new GroupState(new TreeSet<>(s.done()),
                new TreeSet<>(s.pending() == null ? Set.of() : s.pending()), s.retryQueueFrom())));
        }
    }

    synchronized GroupState of(String group) {
        return groups.computeIfAbsent(group, g -> GroupState.empty());
    }

    synchronized boolean isDone(String group, long id) {
        return of(group).done().contains(id);
    }

    synchronized int doneCount(String group) {
        return of(group).done().size();
    }

    /** Records a selection as pending before its copies are sent. */
    synchronized void begin(String group, Set<Long> ids, long retryQueueFrom) {
        GroupState s = of(group);
        groups.put(group, new GroupState(s.done(), new TreeSet<>(ids), retryQueueFrom));
        file.write(groups);
    }

    /** Records the pending ids in {@code sent} as done and forgets the rest of the pending selection. */
    synchronized void finish(String group, Set<Long> sent) {
        GroupState s = of(group);
        s.done().addAll(sent);
        groups.put(group, new GroupState(s.done(), new TreeSet<>(), 0));
        file.write(groups);
    }
}
