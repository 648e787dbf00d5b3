package io.wharf.store.queue;

import io.wharf.store.file.FixedEntryLog;
import io.wharf.store.format.ConsumeQueueEntryLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The consume queue of one (topic, queue id): entry {@code n} locates the message with queue offset {@code n}
 * in the commit log. It is derived state: the store writes it only for committed records, and rebuilds it from
 * the commit log when it is missing or behind. One dispatcher thread writes; readers see entries below
 * {@link #maxOffset()}.
 */
public final class ConsumeQueue {
    private final String topic;
    private final int queueId;
    private final FixedEntryLog entries;
    private final ByteBuffer scratch = ByteBuffer.allocate(ConsumeQueueEntryLayout.ENTRY_LENGTH);

    ConsumeQueue(String topic, int queueId, Path dir, int entriesPerSegment) {
        this.topic = topic;
        this.queueId = queueId;
        this.entries = FixedEntryLog.open(dir, ConsumeQueueEntryLayout.ENTRY_LENGTH, entriesPerSegment);
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** The first queue offset still held. */
    public long minOffset() {
        return entries.firstIndex();
    }

    /** One past the last queue offset: the offset the next message of this queue will get. */
    public long maxOffset() {
        return entries.nextIndex();
    }

    /**
     * Records that the message with {@code queueOffset} sits at {@code commitLogOffset}. Re-dispatching an
     * entry that is already there (recovery) is a no-op when it matches and replaces the tail when it does not.
     *
     * @return false when the queue is behind: {@code queueOffset} is past {@link #maxOffset()}, so earlier
     *     entries are missing and the queue must be rebuilt
     */
    public boolean put(long queueOffset, long commitLogOffset, int size, long tagHash) {
        long next = entries.nextIndex();
        if (queueOffset < next && queueOffset >= entries.firstIndex()) {
            FixedEntryLog.EntryRef ref = entries.locate(queueOffset);
            if (ConsumeQueueEntryLayout.commitLogOffset(ref.buffer(), ref.position()) == commitLogOffset) {
                return true;
            }
            entries.truncateFrom(queueOffset);
        } else if (queueOffset > next && !entries.isEmpty()) {
            return false;
        }
        ConsumeQueueEntryLayout.write(scratch, commitLogOffset, size, tagHash);
        entries.append(queueOffset, scratch.clear());
        return true;
    }

    /** Reads entry {@code queueOffset} into {@code out}; false when it is not held. */
    public boolean get(long queueOffset, Entry out) {
        FixedEntryLog.EntryRef ref = entries.locate(queueOffset);
        if (ref == null) {
            return false;
        }
        out.commitLogOffset = ConsumeQueueEntryLayout.commitLogOffset(ref.buffer(), ref.position());
        out.size = ConsumeQueueEntryLayout.size(ref.buffer(), ref.position());
        out.tagHash = ConsumeQueueEntryLayout.tagHash(ref.buffer(), ref.position());
        return true;
    }

    /**
     * Drops every entry from {@code queueOffset} on (recovery cuts back to what the checkpoint says is durable);
     * entries below the queue's min offset are never restored.
     */
    public void truncateTo(long queueOffset) {
        entries.truncateFrom(Math.max(queueOffset, entries.firstIndex()));
    }

    /** Drops the entries that point at or beyond {@code commitLogOffset} (entries are in log order). */
    public void truncateFromCommitLogOffset(long commitLogOffset) {
        long lo = entries.firstIndex();
        long hi = entries.nextIndex();
        Entry e = new Entry();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            get(mid, e);
            if (e.commitLogOffset < commitLogOffset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        entries.truncateFrom(lo);
    }

    /** The first queue offset whose message is at or beyond {@code commitLogOffset}, for retention. */
    public void deleteBelowCommitLogOffset(long commitLogOffset) {
        Entry e = new Entry();
        long lo = entries.firstIndex();
        long hi = entries.nextIndex();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (!get(mid, e) || e.commitLogOffset < commitLogOffset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        entries.deleteBelow(lo);
    }

    public void force() {
        entries.force();
    }

    public void deleteAll() {
        entries.deleteAll();
    }

    /** A reusable holder for one entry. */
    public static final class Entry {
        public long commitLogOffset;
        public int size;
        public long tagHash;
    }
}
