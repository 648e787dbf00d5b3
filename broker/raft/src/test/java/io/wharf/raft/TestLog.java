package io.wharf.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An in-memory log for the scripted and the simulation tests: every entry costs 16 bytes of a batch, appends are
 * durable only after {@link #flush()}, {@link #crash()} loses the rest, and every entry a truncation removes is
 * remembered and shown to the truncation listener.
 */
public final class TestLog implements RaftLog<TestEntry> {
    static final int ENTRY_BYTES = 16;

    private final List<TestEntry> entries = new ArrayList<>();
    private final List<TestEntry> truncated = new ArrayList<>();
    private final BiConsumer<Long, TestEntry> onTruncated;
    private long durable;
    private long first = 1;

    public TestLog() {
        this((index, entry) -> { });
    }

    /** A log that shows each entry a truncation removes, with its index, to {@code onTruncated}. */
    public TestLog(BiConsumer<Long, TestEntry> onTruncated) {
        this.onTruncated = onTruncated;
    }

    /** A log that already holds {@code initial}, all durable. */
    static TestLog of(TestEntry... initial) {
        TestLog log = new TestLog();
        log.append(List.of(initial));
        log.flush();
        return log;
    }

    @Override
    public long lastIndex() {
        return entries.size();
    }

    @Override
    public long firstIndex() {
        return first;
    }

    /** Retention: entries below {@code index} are deleted (their terms unknown from now on). */
    public void compactBefore(long index) {
        first = Math.max(first, Math.min(index, entries.size() + 1));
    }

    /**
     * What a member rebuilt from a copy of {@code source}'s store holds: its entries up to {@code upTo}, durable,
     * starting where the source's log starts.
     */
    public static TestLog copyOf(TestLog source, long upTo) {
        TestLog copy = new TestLog();
        copy.append(source.entries.subList(0, (int) upTo));
        copy.flush();
        copy.first = source.first;
        return copy;
    }

    /**
     * The member is rebuilt from a copy of {@code source} up to {@code upTo} (its host fetched the leader's store):
     * this log's entries are replaced by the copy's, all durable, starting where the source's starts. Not a
     * truncation: the truncation listener is not told.
     */
    public void installCopy(TestLog source, long upTo) {
        entries.clear();
        entries.addAll(source.entries.subList(0, (int) upTo));
        durable = upTo;
        first = Math.min(source.first, upTo + 1);
    }

    @Override
    public long termAt(long index) {
        if (index != 0 && index < first) {
            throw new IllegalArgumentException("index " + index + " was deleted (the log starts at " + first + ")");
        }
        return index == 0 ? 0 : at(index).term();
    }

    public TestEntry at(long index) {
        return entries.get((int) index - 1);
    }

    /** Every entry, index 1 first. */
    List<TestEntry> all() {
        return List.copyOf(entries);
    }

    /** Every entry ever removed by {@link #truncateAfter}, in the order removed. */
    List<TestEntry> truncated() {
        return List.copyOf(truncated);
    }

    @Override
    public long durableIndex() {
        return durable;
    }

    @Override
    public List<TestEntry> entries(long fromIndex, int maxBytes) {
        if (fromIndex < first) {
            throw new IllegalArgumentException("index " + fromIndex + " was deleted (the log starts at " + first + ")");
        }
        int from = (int) fromIndex - 1;
        int to = Math.min(entries.size(), from + Math.max(1, maxBytes / ENTRY_BYTES));
        return from >= to ? List.of() : List.copyOf(entries.subList(from, to));
    }

    @Override
    public long termOf(TestEntry entry) {
        return entry.term();
    }

    @Override
    public void truncateAfter(long index) {
        for (long removed = index + 1; entries.size() > index; removed++) {
            onTruncated.accept(removed, entries.get((int) index));
            truncated.add(entries.remove((int) index));
        }
        durable = Math.min(durable, index);
    }

    @Override
    public void append(List<TestEntry> more) {
        entries.addAll(more);
    }

    /** A client write on the leader: appended, not yet durable. */
    public long appendClient(TestEntry entry) {
        entries.add(entry);
        return entries.size();
    }

    @Override
    public void flush() {
        durable = entries.size();
    }

    /** Loses what was not flushed (a crash). */
    public void crash() {
        while (entries.size() > durable) {
            entries.remove(entries.size() - 1);
        }
    }

    @Override
    public long appendNoop(long term) {
        entries.add(new TestEntry(term, "noop"));
        return entries.size();
    }

    /** A configuration entry's payload: {@code config:n1,n2,n3}. */
    static final String CONFIG = "config:";

    @Override
    public List<String> membersOf(TestEntry entry) {
        return entry.payload().startsWith(CONFIG) ? List.of(entry.payload().substring(CONFIG.length()).split(","))
            : null;
    }

    @Override
    public Configuration configurationAt(long index) {
        for (long i = Math.min(index, entries.size()); i >= 1; i--) {
            List<String> m = membersOf(at(i));
            if (m != null) {
                return new Configuration(i, m);
            }
        }
        return null;
    }

    @Override
    public long appendConfiguration(long term, List<String> members) {
        entries.add(new TestEntry(term, CONFIG + String.join(",", members)));
        return entries.size();
    }
}
