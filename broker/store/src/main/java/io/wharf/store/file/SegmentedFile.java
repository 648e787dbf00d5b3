package io.wharf.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A directory of equally sized {@link MappedSegment}s that together form one contiguous, offset-addressed
 * space. Each file is named by the offset of its first byte, zero-padded to 20 digits, so a directory listing
 * sorts in log order. Segments are created by the single writer; lookups are safe from any thread.
 */
public final class SegmentedFile {
    private static final String NAME_FORMAT = "%020d";

    private static final String PREPARED_SUFFIX = ".prepared";

    private final Path dir;
    private final int segmentSize;
    private final boolean preallocate;
    private final boolean channelWrites;
    private final ExecutorService preparer;
    private final ConcurrentSkipListMap<Long, MappedSegment> segments = new ConcurrentSkipListMap<>();
    private CompletableFuture<MappedSegment> prepared;
    private long preparedBase = -1;

    private SegmentedFile(Path dir, int segmentSize, boolean preallocate, boolean channelWrites,
                          boolean prepareAhead) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.preallocate = preallocate;
        this.channelWrites = channelWrites;
        this.preparer = prepareAhead ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wharf-segment-preparer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Opens every segment found in {@code dir} (creating the directory when absent). */
    public static SegmentedFile open(Path dir, int segmentSize, boolean preallocate) {
        return open(dir, segmentSize, preallocate, false, false);
    }

    /**
     * Opens every segment found in {@code dir}.
     *
     * @param channelWrites write and force through file channels (see {@link MappedSegment})
     * @param prepareAhead  create (and preallocate) the next segment in the background while the current one
     *                      fills, so that rolling over does not stall appends for the seconds a zero-fill takes
     */
    public static SegmentedFile open(Path dir, int segmentSize, boolean preallocate, boolean channelWrites,
                                     boolean prepareAhead) {
        SegmentedFile file = new SegmentedFile(dir, segmentSize, preallocate, channelWrites, prepareAhead);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> listing = Files.list(dir)) {
                for (Path p : listing.toList()) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(PREPARED_SUFFIX)) {
                        Files.delete(p);
                    } else if (name.length() == 20 && name.chars().allMatch(Character::isDigit)) {
                        long base = Long.parseLong(name);
                        if (base % segmentSize != 0) {
                            throw new IOException("segment " + p + " does not start on a segment boundary");
                        }
                        file.segments.put(base, MappedSegment.open(p, base, segmentSize, false, channelWrites));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open segments in " + dir, e);
        }
        return file;
    }

    public Path dir() {
        return dir;
    }

    public int segmentSize() {
        return segmentSize;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The segment holding {@code offset}, or null when it was never created or was deleted. */
    public MappedSegment segmentFor(long offset) {
        Map.Entry<Long, MappedSegment> e = segments.floorEntry(offset);
        if (e == null || offset >= e.getKey() + segmentSize) {
            return null;
        }
        return e.getValue();
    }

    /** The segment holding {@code offset}, created (and preallocated if configured) when missing. */
    public MappedSegment segmentForWrite(long offset) {
        MappedSegment s = segmentFor(offset);
        if (s != null) {
            if (preparer != null && prepared == null && segments.lastKey() == s.baseOffset()) {
                // Writing into the last segment with nothing prepared after it (it was opened by recovery, or a
                // replica reached it by appending copies): prepare the next now, not when it is needed.
                prepare(s.baseOffset() + segmentSize);
            }
            return s;
        }
        long base = offset - Math.floorMod(offset, (long) segmentSize);
        Path path = dir.resolve(String.format(NAME_FORMAT, base));
        MappedSegment created;
        if (prepared != null && preparedBase == base) {
            created = takePrepared(path);
        } else {
            discardPrepared();
            created = MappedSegment.open(path, base, segmentSize, preallocate, channelWrites);
        }
        segments.put(base, created);
        if (preparer != null) {
            prepare(base + segmentSize);
        }
        return created;
    }

    private void prepare(long base) {
        Path path = dir.resolve(String.format(NAME_FORMAT, base) + PREPARED_SUFFIX);
        preparedBase = base;
        prepared = CompletableFuture.supplyAsync(
            () -> MappedSegment.open(path, base, segmentSize, preallocate, channelWrites), preparer);
    }

    /**
     * Gives the prepared segment its real name. The directory is forced before anything is written into it: a
     * rename lost in a crash would hide acknowledged records under a name that start-up deletes.
     */
    private MappedSegment takePrepared(Path path) {
        MappedSegment ready;
        try {
            ready = prepared.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            prepared = null;
            preparedBase = -1;
        }
        try {
            Files.move(ready.path(), path, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            ready.close();
            throw new UncheckedIOException("cannot rename prepared segment to " + path, e);
        }
        return ready.renamedTo(path);
    }

    private void discardPrepared() {
        if (prepared == null) {
            return;
        }
        CompletableFuture<MappedSegment> stale = prepared;
        prepared = null;
        preparedBase = -1;
        try {
            stale.join().delete();
        } catch (CompletionException e) {
            // the preparation failed; nothing was made that needs removing
        }
    }

    /** Stops preparing segments and releases every file channel. */
    public void close() {
        if (preparer != null) {
            discardPrepared();
            preparer.shutdownNow();
        }
        segments.values().forEach(MappedSegment::close);
    }

    public MappedSegment first() {
        Map.Entry<Long, MappedSegment> e = segments.firstEntry();
        return e == null ? null : e.getValue();
    }

    public MappedSegment last() {
        Map.Entry<Long, MappedSegment> e = segments.lastEntry();
        return e == null ? null : e.getValue();
    }

    /** All segments, oldest first. */
    public List<MappedSegment> segments() {
        return new ArrayList<>(segments.values());
    }

    /** The first offset still held, or 0 for an empty file set. */
    public long startOffset() {
        MappedSegment f = first();
        return f == null ? 0L : f.baseOffset();
    }

    /** Zeroes everything from {@code offset} on and deletes the segments that lie wholly beyond it. */
    public void truncateFrom(long offset) {
        discardPrepared();
        for (MappedSegment s : segments.tailMap(offset, false).values()) {
            delete(s);
        }
        MappedSegment containing = segmentFor(offset);
        if (containing != null) {
            containing.zeroFrom((int) (offset - containing.baseOffset()));
        }
    }

    /** Removes and deletes one segment (retention, rebuilds). */
    public void delete(MappedSegment segment) {
        segments.remove(segment.baseOffset(), segment);
        segment.delete();
    }

    /** Deletes every segment; the directory stays. */
    public void deleteAll() {
        for (MappedSegment s : segments()) {
            delete(s);
        }
    }

    /** Forces every segment whose bytes may be dirty; cheap for clean ones. */
    public void forceAll() {
        for (MappedSegment s : segments.values()) {
            s.force();
        }
    }
}
