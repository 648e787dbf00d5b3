package io.wharf.raft.sim;

import io.wharf.raft.RaftLog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** An in-memory log whose unflushed tail is lost on {@link #crash()}. */
final class SimLog implements RaftLog<SimEntry> {
    private final List<SimEntry> entries = new ArrayList<>();
    private final BiConsumer<Long, SimEntry> onTruncated;
    private long durable;

    SimLog(BiConsumer<Long, SimEntry> onTruncated) {
        this.onTruncated = onTruncated;
    }

    @Override
    public long lastIndex() {
        return entries.size();
    }

    @Override
    public long termAt(long index) {
        if (index == 0) {
            return 0;
        }
        return entries.get((int) index - 1).term();
    }

    SimEntry at(long index) {
        return entries.get((int) index - 1);
    }

    @Override
    public long durableIndex() {
        return durable;
    }

    @Override
    public List<SimEntry> entries(long fromIndex, int maxBytes) {
        int from = (int) fromIndex - 1;
        int to = Math.min(entries.size(), from + Math.max(1, maxBytes / 16));
        return from >= to ? List.of() : List.copyOf(entries.subList(from, to));
    }

    @Override
    public long termOf(SimEntry entry) {
        return entry.term();
    }

    @Override
    public void truncateAfter(long index) {
        for (long i = index + 1; i <= entries.size(); i++) {
            onTruncated.accept(i, at(i));
        }
        while (entries.size() > index) {
            entries.remove(entries.size() - 1);
        }
        durable = Math.min(durable, index);
    }

    @Override
    public void append(List<SimEntry> more) {
        entries.addAll(more);
    }

    /** A client write on the leader: appended, not yet durable. */
    long appendClient(SimEntry entry) {
        entries.add(entry);
        return entries.size();
    }

    @Override
    public void flush() {
        durable = entries.size();
    }

    @Override
    public long appendNoop(long term) {
        entries.add(new SimEntry(term, "noop"));
        return entries.size();
    }

    /** Loses what was not flushed. */
    void crash() {
        while (entries.size() > durable) {
            entries.remove(entries.size() - 1);
        }
    }
}
