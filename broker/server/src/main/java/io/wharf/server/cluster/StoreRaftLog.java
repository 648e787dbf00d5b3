package io.wharf.server.cluster;

import io.wharf.raft.RaftLog;
import io.wharf.store.AppendResult;
import io.wharf.store.MessageStore;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The broker's commit log as the Raft log: an entry is one whole record, its Raft index the record's log index
 * and its term the term stamped in its header. A new leader's no-op is a small record in {@link #CLUSTER_TOPIC}.
 */
final class StoreRaftLog implements RaftLog<ByteBuffer> {
    /** Where leaders record the start of their terms. */
    static final String CLUSTER_TOPIC = io.wharf.protocol.SystemTopics.CLUSTER_TOPIC;

    private final MessageStore store;
    private final String self;
    private final Consumer<CompletableFuture<AppendResult>> onLocalAppend;
    private final Runnable force;

    /**
     * @param force makes what was appended durable; the replication host defers it to the end of a batch of
     *              messages (and holds the acknowledgements until then)
     */
    StoreRaftLog(MessageStore store, String self, Consumer<CompletableFuture<AppendResult>> onLocalAppend,
                 Runnable force) {
        this.store = store;
        this.self = self;
        this.onLocalAppend = onLocalAppend;
        this.force = force;
    }

    @Override
    public long lastIndex() {
        return store.endPosition().index();
    }

    @Override
    public long termAt(long index) {
        return store.termAt(index);
    }

    @Override
    public long durableIndex() {
        return store.durablePosition().index();
    }

    @Override
    public List<ByteBuffer> entries(long fromIndex, int maxBytes) {
        return store.readEntries(fromIndex, maxBytes);
    }

    @Override
    public long termOf(ByteBuffer entry) {
        return RecordLayout.term(entry, entry.position());
    }

    @Override
    public void truncateAfter(long index) {
        store.truncateAfter(index);
    }

    @Override
    public void append(List<ByteBuffer> entries) {
        for (ByteBuffer e : entries) {
            store.appendReplicated(e);
        }
    }

    @Override
    public void flush() {
        force.run();
    }

    @Override
    public long appendNoop(long term) {
        byte[] body = ("leader " + self + " term " + term).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<AppendResult> placed = store.append(RecordContent.of(CLUSTER_TOPIC, 0,
            Map.of("LEADER", self, "TERM", Long.toString(term)), body));
        onLocalAppend.accept(placed);
        return lastIndex();
    }
}
