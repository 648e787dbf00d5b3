package io.wharf.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory log for scripted tests: every entry costs 16 bytes of a batch, appends are durable only after
 * {@link #flush()}, and every entry a truncation removes is remembered.
 */
final class TestLog implements RaftLog<TestEntry> {
    static final int ENTRY_BYTES = 16;

    private final List<TestEntry> entries = new ArrayList<>();
    private final List<TestEntry> truncated = new ArrayList<>();
    private long durable;

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
    public long termAt(long index) {
        return index == 0 ? 0 : at(index).term();
    }

    TestEntry at(long index) {
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
        while (entries.size() > index) {
            truncated.add(entries.remove((int) index));
        }
        durable = Math.min(durable, index);
    }

    @Override
    public void append(List<TestEntry> more) {
        entries.addAll(more);
    }

    /** A client write on the leader: appended, not yet durable. */
    long appendClient(TestEntry entry) {
        entries.add(entry);
        return entries.size();
    }

    @Override
    public void flush() {
        durable = entries.size();
    }

    @Override
    public long appendNoop(long term) {
        entries.add(new TestEntry(term, "noop"));
        return entries.size();
    }
}
