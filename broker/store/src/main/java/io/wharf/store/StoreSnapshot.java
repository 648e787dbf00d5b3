package io.wharf.store;

import io.wharf.store.file.MappedSegment;
import io.wharf.store.log.CommitLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A copy of a store for rebuilding another member whose next entry was deleted here by retention. Only the commit
 * log travels: its segments up to the end of one committed record, the copy point. Everything else in a store is
 * derived (consume queues, key index, log-index map, checkpoint) and is rebuilt by recovery when the copy is
 * opened, as after a crash: the records carry their log indexes and queue offsets, so the rebuilt files equal the
 * source's. Records below the copy point never change (they are committed), so the segments can be read while the
 * source keeps appending after it.
 */
public final class StoreSnapshot {
    static final String COMMIT_LOG = "commitlog";
    private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}");

    private StoreSnapshot() {
    }

    /**
     * One segment file of the copy.
     *
     * @param name   its file name in the commit-log directory (its first byte's offset, 20 digits)
     * @param length the bytes to copy from its start
     */
    public record Segment(String name, long length) {
    }

    /**
     * What a copy holds.
     *
     * @param firstIndex the first log index of the copy (the source's first held index)
     * @param lastIndex  the copy point: the last log index of the copy
     * @param lastTerm   the term of the record at {@code lastIndex}
     * @param segments   the segments to copy, oldest first
     */
    public record Manifest(long firstIndex, long lastIndex, long lastTerm, List<Segment> segments) {
        public Manifest {
            segments = List.copyOf(segments);
        }

        public long bytes() {
            return segments.stream().mapToLong(Segment::length).sum();
        }
    }

    static Manifest manifest(CommitLog log, long lastIndex, long lastTerm) {
        long offset = log.offsetOf(lastIndex);
        ByteBuffer record = log.readByIndex(lastIndex);
        if (offset < 0 || record == null) {
            throw new IllegalArgumentException("log index " + lastIndex + " is not held");
        }
        long end = offset + record.remaining();
        List<Segment> out = new ArrayList<>();
        for (MappedSegment s : log.segments().segments()) {
            if (s.baseOffset() >= end) {
                break;
            }
            out.add(new Segment(s.path().getFileName().toString(), Math.min(s.size(), end - s.baseOffset())));
        }
        return new Manifest(log.firstIndex(), lastIndex, lastTerm, out);
    }

    /**
     * Reads bytes of a segment of {@code storeDir} at {@code position} into {@code into}; returns how many (-1 at
     * the end of the file).
     *
     * @throws NoSuchFileException when retention deleted the segment meanwhile (the copy must start again)
     */
    static int read(Path storeDir, String name, long position, ByteBuffer into) throws IOException {
        if (!SEGMENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a commit-log segment name: '" + name + "'");
        }
        try (FileChannel ch = FileChannel.open(storeDir.resolve(COMMIT_LOG).resolve(name), StandardOpenOption.READ)) {
            return ch.read(into, position);
        }
    }

    /**
     * Replaces the store in {@code storeDir} (which must not be open) with copied segments: everything in the
     * store directory is deleted, then the segments in {@code copiedSegments} are moved in as its commit log. The
     * next open rebuilds the derived files.
     */
    public static void install(Path storeDir, Path copiedSegments) {
        try {
            deleteTree(storeDir);
            Path target = storeDir.resolve(COMMIT_LOG);
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(copiedSegments)) {
                for (Path p : files.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (!SEGMENT_NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException("not a commit-log segment: " + p);
                    }
                    Files.move(p, target.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            try (FileChannel dir = FileChannel.open(target, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the copied store in " + storeDir, e);
        }
    }

    /** Deletes {@code dir} and everything under it (nothing when it does not exist). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
