package io.wharf.store.index;

import io.wharf.store.format.KeyIndexFileLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key index: from (topic, message key) to the physical offsets of the records carrying that key, so that
 * "messages with key K in topic T stored between A and B" needs no scan of the commit log. It is a directory
 * of {@link KeyIndexFile}s, each named by its begin offset (20 digits, zero-padded) and together covering one
 * contiguous stretch of the log: every file begins where the previous one ends.
 *
 * <p>The index is <b>derived state</b>. Nothing in it is needed to recover messages: whatever is missing,
 * damaged or doubtful is dropped, and the store rebuilds it by putting the records again from the offset that
 * {@link #recover} returns. {@link #open} drops the files that fail their own checks (header, a gap to the
 * previous file) and repairs the tail of files that were not sealed; {@link #recover} then checks the files
 * against the commit log.
 *
 * <p>Keys are hashed with {@link KeyIndexFileLayout#keyHash}, which combines topic and key. Hashes collide, so
 * lookups return candidates and the caller drops records whose topic or keys do not match.
 *
 * <p>One dispatcher thread calls {@link #put}; any number of threads may {@link #lookup} meanwhile, without
 * locks. Changes to the set of files ({@link #put} rotating, {@link #recover}, {@link #deleteBelow},
 * {@link #close}) are serialised on this object.
 */
public final class KeyIndex {
    private static final Logger LOG = LoggerFactory.getLogger(KeyIndex.class);
    private static final String NAME_FORMAT = "%020d";
    private static final int NAME_LENGTH = 20;

    private final Path dir;
    private final int slotsPerFile;
    private final int entriesPerFile;
    private final ConcurrentSkipListMap<Long, KeyIndexFile> files = new ConcurrentSkipListMap<>();
    private volatile boolean closed;

    private KeyIndex(Path dir, int slotsPerFile, int entriesPerFile) {
        this.dir = dir;
        this.slotsPerFile = slotsPerFile;
        this.entriesPerFile = entriesPerFile;
    }

    /**
     * Opens the index in {@code dir}, creating the directory when absent. New files get the given dimensions;
     * existing files keep the ones in their headers.
     */
    public static KeyIndex open(Path dir, int slotsPerFile, int entriesPerFile) {
        KeyIndexFile.checkedFileSize(slotsPerFile, entriesPerFile);
        KeyIndex index = new KeyIndex(dir, slotsPerFile, entriesPerFile);
        try {
            Files.createDirectories(dir);
            List<Path> paths;
            try (Stream<Path> listing = Files.list(dir)) {
                paths = listing.filter(KeyIndex::isIndexFileName).sorted().toList();
            }
            index.load(paths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the key index in " + dir, e);
        }
        return index;
    }

    private static boolean isIndexFileName(Path p) {
        String name = p.getFileName().toString();
        return name.length() == NAME_LENGTH && name.chars().allMatch(Character::isDigit);
    }

    private void load(List<Path> paths) throws IOException {
        KeyIndexFile previous = null;
        for (int i = 0; i < paths.size(); i++) {
            Path path = paths.get(i);
            long begin = Long.parseLong(path.getFileName().toString());
            Optional<KeyIndexFile> loaded = KeyIndexFile.load(path, begin);
            String problem = loaded.isEmpty() ? "its header is damaged"
                : previous != null && begin != previous.endOffset()
                ? "it does not begin where " + previous.path().getFileName() + " ends" : null;
            if (problem != null) {
                LOG.warn("dropping key-index file {} and the {} after it: {}", path, paths.size() - i - 1, problem);
                for (Path doomed : paths.subList(i, paths.size())) {
                    Files.deleteIfExists(doomed);
                }
                return;
            }
            KeyIndexFile file = loaded.get();
            if (!file.isSealed()) {
                file.repair();
            }
            files.put(begin, file);
            previous = file;
        }
    }

    /**
     * Adds the keys of one record; called by ONE dispatcher thread in commit-log order. The index then covers
     * the log up to {@code physicalOffset + recordLength}, also when the record has no keys. Null and empty
     * keys are skipped, and a record below {@link #indexedEndOffset()} is already indexed and skipped whole, so
     * putting records again after {@link #recover} is harmless. When the current file cannot take all the
     * record's keys, it is sealed and a new one begins where it ends. A record with more keys than a file
     * holds has only the first {@code entriesPerFile} indexed.
     */
    public synchronized void put(String topic, Collection<String> keys, long physicalOffset, int recordLength,
                                 long storeTimestampMs) {
        requireOpen();
        if (recordLength <= 0) {
            throw new IllegalArgumentException("record length must be positive: " + recordLength);
        }
        KeyIndexFile file = active();
        if (file != null && physicalOffset < file.endOffset()) {
            return;
        }
        int keyCount = Math.min(countKeys(keys), entriesPerFile);
        if (file == null) {
            file = newFile(physicalOffset);
        } else if (!file.hasRoomFor(keyCount, storeTimestampMs)) {
            file.seal();
            file = newFile(file.endOffset());
        }
        long recordEndOffset = physicalOffset + recordLength;
        int written = 0;
        for (String key : keys) {
            if (written == keyCount) {
                break;
            }
            if (key != null && !key.isEmpty()) {
                file.put(KeyIndexFileLayout.keyHash(topic, key), physicalOffset, storeTimestampMs, recordEndOffset);
                written++;
            }
        }
        file.advanceEndOffset(recordEndOffset);
    }

    private static int countKeys(Collection<String> keys) {
        int count = 0;
        for (String key : keys) {
            if (key != null && !key.isEmpty()) {
                count++;
            }
        }
        return count;
    }

    private KeyIndexFile newFile(long beginOffset) {
        if (files.containsKey(beginOffset)) {
            throw new IllegalStateException("a key-index file already begins at " + beginOffset);
        }
        KeyIndexFile file = KeyIndexFile.create(dir.resolve(String.format(NAME_FORMAT, beginOffset)), beginOffset,
            slotsPerFile, entriesPerFile);
        files.put(beginOffset, file);
        return file;
    }

    /**
     * Candidate physical offsets of records with {@code key} in {@code topic} stored within
     * {@code [beginMs, endMs]}, newest first, at most {@code max}; the caller reads the records and drops hash
     * collisions. Thread-safe against a concurrent put; files whose time range misses the query are skipped.
     */
    public List<Long> lookup(String topic, String key, long beginMs, long endMs, int max) {
        requireOpen();
        List<Long> out = new ArrayList<>();
        if (max <= 0 || key == null || key.isEmpty() || beginMs > endMs) {
            return out;
        }
        int keyHash = KeyIndexFileLayout.keyHash(topic, key);
        for (KeyIndexFile file : files.descendingMap().values()) {
            if (out.size() >= max) {
                break;
            }
            if (file.overlaps(beginMs, endMs)) {
                file.lookup(keyHash, beginMs, endMs, max, out);
            }
        }
        return out;
    }

    /** Forces the files still being written; sealed files were forced when sealed. */
    public void force() {
        for (KeyIndexFile file : files.values()) {
            if (!file.isSealed()) {
                file.force();
            }
        }
    }

    /** Offset just past the last indexed record (0 if empty). */
    public long indexedEndOffset() {
        KeyIndexFile last = active();
        return last == null ? 0L : last.endOffset();
    }

    /**
     * Recovery against the commit log, once after {@link #open}. Drops every file when the first one begins
     * after {@code logStartOffset} (its head is missing) or the last one ends before it (all of it is stale);
     * from a file that does not begin where the previous one ends, or fails its magic check, drops that file
     * and everything after (open already did, but the files may have changed since). Then truncates the entries
     * at or after {@code trustedEndOffset}, the end of the log the store trusts.
     *
     * @return the offset from which the store must put records again: at most {@code trustedEndOffset}, and
     *     {@code logStartOffset} if everything was dropped
     */
    public synchronized long recover(long logStartOffset, long trustedEndOffset) {
        requireOpen();
        if (trustedEndOffset < logStartOffset) {
            throw new IllegalArgumentException("trusted end " + trustedEndOffset + " is before the log start "
                + logStartOffset);
        }
        dropBrokenTail();
        KeyIndexFile first = first();
        if (first != null && first.beginOffset() > logStartOffset) {
            dropFrom(first, "the log starts at " + logStartOffset + ", before the index");
        }
        KeyIndexFile last = active();
        if (last != null && last.endOffset() < logStartOffset) {
            dropFrom(first(), "the index ends before the log starts at " + logStartOffset);
        }
        for (KeyIndexFile file : files.tailMap(trustedEndOffset, true).values()) {
            files.remove(file.beginOffset());
            file.delete();
        }
        last = active();
        if (last == null) {
            return logStartOffset;
        }
        last.truncateFrom(trustedEndOffset);
        return last.endOffset();
    }

    private void dropBrokenTail() {
        KeyIndexFile previous = null;
        for (KeyIndexFile file : files.values()) {
            if (previous != null && file.beginOffset() != previous.endOffset()) {
                dropFrom(file, "it does not begin where " + previous.path().getFileName() + " ends");
                return;
            }
            if (!file.hasValidHeader()) {
                dropFrom(file, "its header is damaged");
                return;
            }
            previous = file;
        }
    }

    private void dropFrom(KeyIndexFile from, String reason) {
        Collection<KeyIndexFile> doomed = files.tailMap(from.beginOffset(), true).values();
        LOG.warn("dropping key-index file {} and the {} after it: {}", from.path(), doomed.size() - 1, reason);
        for (KeyIndexFile file : new ArrayList<>(doomed)) {
            files.remove(file.beginOffset());
            file.delete();
        }
    }

    /**
     * Retention: deletes whole files whose end offset is at or below {@code offset}. The newest file stays
     * even then, because the dispatcher writes to it and it holds {@link #indexedEndOffset()}.
     */
    public synchronized void deleteBelow(long offset) {
        requireOpen();
        KeyIndexFile newest = active();
        for (Map.Entry<Long, KeyIndexFile> e : files.entrySet()) {
            KeyIndexFile file = e.getValue();
            if (file == newest || file.endOffset() > offset) {
                return;
            }
            files.remove(e.getKey());
            file.delete();
        }
    }

    /** Forces what is unsealed and lets the files go; the index cannot be used afterwards. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        force();
        closed = true;
        files.clear();
    }

    /** The files, oldest first. */
    List<KeyIndexFile> files() {
        return new ArrayList<>(files.values());
    }

    private KeyIndexFile first() {
        Map.Entry<Long, KeyIndexFile> e = files.firstEntry();
        return e == null ? null : e.getValue();
    }

    /** The newest file, the one being written. */
    private KeyIndexFile active() {
        Map.Entry<Long, KeyIndexFile> e = files.lastEntry();
        return e == null ? null : e.getValue();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the key index in " + dir + " is closed");
        }
    }
}
