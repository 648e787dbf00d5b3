package io.wharf.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * A directory of equally sized {@link MappedSegment}s that together form one contiguous, offset-addressed
 * space. Each file is named by the offset of its first byte, zero-padded to 20 digits, so a directory listing
 * sorts in log order. Segments are created by the single writer; lookups are safe from any thread.
 */
public final class SegmentedFile {
    private static final String NAME_FORMAT = "%020d";

    private final Path dir;
    private final int segmentSize;
    private final boolean preallocate;
    private final ConcurrentSkipListMap<Long, MappedSegment> segments = new ConcurrentSkipListMap<>();

    private SegmentedFile(Path dir, int segmentSize, boolean preallocate) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.preallocate = preallocate;
    }

    /** Opens every segment found in {@code dir} (creating the directory when absent). */
    public static SegmentedFile open(Path dir, int segmentSize, boolean preallocate) {
        SegmentedFile file = new SegmentedFile(dir, segmentSize, preallocate);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> listing = Files.list(dir)) {
                for (Path p : listing.toList()) {
                    String name = p.getFileName().toString();
                    if (name.length() == 20 && name.chars().allMatch(Character::isDigit)) {
                        long base = Long.parseLong(name);
                        if (base % segmentSize != 0) {
                            throw new IOException("segment " + p + " does not start on a segment boundary");
                        }
                        file.segments.put(base, MappedSegment.open(p, base, segmentSize, false));
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
            return s;
        }
        long base = offset - Math.floorMod(offset, (long) segmentSize);
        MappedSegment created = MappedSegment.open(dir.resolve(String.format(NAME_FORMAT, base)), base,
            segmentSize, preallocate);
        segments.put(base, created);
        return created;
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
