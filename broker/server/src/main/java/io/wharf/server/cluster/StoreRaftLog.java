package io.wharf.server.cluster;

import io.wharf.protocol.SystemTopics;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import io.wharf.raft.Configuration;
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
import java.util.function.Function;

/**
 * The broker's commit log as the Raft log: an entry is one whole record, its Raft index the record's log index
 * and its term the term stamped in its header. A new leader's no-op is a small record in {@link #CLUSTER_TOPIC}
 * (queue 0); a configuration entry is one in queue {@link #CONFIG_QUEUE} whose {@code MEMBERS} property lists the
 * voting members with their addresses ({@code n1@host:port,...}). The configuration entries in the log are kept in
 * memory (read from the log's tail at start, added on append, dropped on truncation), since the Raft core asks for
 * the latest one, committed or not, and only committed records reach the consume queues.
 */
final class StoreRaftLog implements RaftLog<ByteBuffer> {
    /** Where leaders record the start of their terms. */
    static final String CLUSTER_TOPIC = SystemTopics.CLUSTER_TOPIC;
    /** The cluster topic's queue of configuration entries (queue 1 carries state documents). */
    static final int CONFIG_QUEUE = 2;
    private static final String MEMBERS = "MEMBERS";
    private static final int SCAN_BYTES = 4 << 20;

    private final TreeMap<Long, Map<String, String>> configurations = new TreeMap<>();
    private final Function<String, String> addressOf;
    private final Consumer<Map<String, String>> onConfiguration;
    private final Runnable onConfigurationStored;

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
        this(store, self, onLocalAppend, force, id -> null, m -> { }, () -> { });
    }

    /**
     * @param addressOf             a member's client address, for the configuration entries this leader writes
     * @param onConfiguration       told each configuration (id to address) that takes effect in this log
     * @param onConfigurationStored told when a configuration entry this leader wrote is durable here
     */
    StoreRaftLog(MessageStore store, String self, Consumer<CompletableFuture<AppendResult>> onLocalAppend,
                 Runnable force, Function<String, String> addressOf, Consumer<Map<String, String>> onConfiguration,
                 Runnable onConfigurationStored) {
        this.onConfigurationStored = onConfigurationStored;
        this.store = store;
        this.self = self;
        this.onLocalAppend = onLocalAppend;
        this.force = force;
        this.addressOf = addressOf;
        this.onConfiguration = onConfiguration;
        loadConfigurations();
    }

    /** Every configuration entry in the log (committed ones from their queue, the uncommitted tail by a scan). */
    private void loadConfigurations() {
        long[] bounds = store.queueBounds(CLUSTER_TOPIC, CONFIG_QUEUE);
        for (long next = bounds[0]; next < bounds[1]; ) {
            var read = store.read(CLUSTER_TOPIC, CONFIG_QUEUE, next, 256, SCAN_BYTES, h -> true);
            if (read.decoded().isEmpty()) {
                break;
            }
            read.decoded().forEach(d -> remember(d.logIndex(), d.property(MEMBERS)));
            next = read.nextOffset();
        }
        long last = lastIndex();
        for (long i = Math.max(1, store.commitWatermark() + 1); i <= last; ) {
            List<ByteBuffer> entries = store.readEntries(i, SCAN_BYTES);
            if (entries.isEmpty()) {
                break;
            }
            for (ByteBuffer e : entries) {
                noteIfConfiguration(e);
            }
            i += entries.size();
        }
    }

    private void remember(long index, String members) {
        if (members != null) {
            configurations.put(index, parse(members));
        }
    }

    private static Map<String, String> parse(String members) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String item : members.split(",")) {
            int at = item.indexOf('@');
            m.put(item.substring(0, at), item.substring(at + 1));
        }
        return m;
    }

    /** True for a configuration entry (checked on the header first: almost every entry is a message). */
    private static boolean isConfiguration(ByteBuffer e) {
        int base = e.position();
        return RecordLayout.queueId(e, base) == CONFIG_QUEUE && CLUSTER_TOPIC.equals(RecordLayout.topic(e, base));
    }

    private void noteIfConfiguration(ByteBuffer e) {
        if (isConfiguration(e)) {
            int base = e.position();
            Map<String, String> m = parse(RecordLayout.properties(e, base).get(MEMBERS));
            configurations.put(RecordLayout.logIndex(e, base), m);
            onConfiguration.accept(m);
        }
    }

    @Override
    public long lastIndex() {
        return store.endPosition().index();
    }

    @Override
    public long firstIndex() {
        return store.firstIndex();
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
        if (configurations.tailMap(index, false).isEmpty()) {
            return;
        }
        configurations.tailMap(index, false).clear();
        Map.Entry<Long, Map<String, String>> in = configurations.lastEntry();
        if (in != null) {
            onConfiguration.accept(in.getValue());
        }
    }

    @Override
    public void append(List<ByteBuffer> entries) {
        for (ByteBuffer e : entries) {
            store.appendReplicated(e);
            noteIfConfiguration(e);
        }
    }

    @Override
    public List<String> membersOf(ByteBuffer entry) {
        if (!isConfiguration(entry)) {
            return null;
        }
        return List.copyOf(parse(RecordLayout.properties(entry, entry.position()).get(MEMBERS)).keySet());
    }

    @Override
    public Configuration configurationAt(long index) {
        Map.Entry<Long, Map<String, String>> e = configurations.floorEntry(index);
        return e == null ? null : new Configuration(e.getKey(), List.copyOf(e.getValue().keySet()));
    }

    @Override
    public long appendConfiguration(long term, List<String> members) {
        Map<String, String> withAddresses = new LinkedHashMap<>();
        for (String id : members) {
            String address = addressOf.apply(id);
            if (address == null) {
                throw new IllegalStateException("no address known for member " + id);
            }
            withAddresses.put(id, address);
        }
        String text = String.join(",", withAddresses.entrySet().stream().map(x -> x.getKey() + "@" + x.getValue())
            .toList());
        MessageStore.Placed placed = store.appendPlaced(RecordContent.of(CLUSTER_TOPIC, CONFIG_QUEUE,
            Map.of(MEMBERS, text, "TERM", Long.toString(term)), ("members " + text).getBytes(StandardCharsets.UTF_8)));
        placed.stored().whenComplete((r, e) -> onConfigurationStored.run());
        long index = placed.logIndex();
        if (index < 0) {
            throw new IllegalStateException("the configuration entry was not stored", placed.stored().exceptionNow());
        }
        configurations.put(index, withAddresses);
        onConfiguration.accept(withAddresses);
        return index;
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
