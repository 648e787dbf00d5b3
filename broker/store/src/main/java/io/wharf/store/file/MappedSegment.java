package io.wharf.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fixed-size file mapped into memory. Reads and writes use absolute positions only, so any number of
 * threads may read while one thread writes a region nobody reads yet. The mapping stays valid until the
 * buffer is garbage collected; deleting the file is safe on the platforms Wharf runs on.
 *
 * <p>A segment opened with {@code channelWrites} keeps its file channel open and writes and forces through it
 * ({@code pwrite} and {@code fdatasync}) while reads still go through the mapping; the page cache is shared, so
 * readers see the bytes at once. Writing through the mapping instead makes every writeback of its dirty pages
 * write-protect them again, which interrupts every core running the process (a TLB shootdown); on a small
 * machine whose cores are all busy that halves what group commit achieves (see docs/benchmarks.md).
 */
public final class MappedSegment {
    private static final int ZERO_CHUNK = 1 << 20;
    private static final long ZERO_FORCE_EVERY = 16L << 20;

    private final Path path;
    private final long baseOffset;
    private final int size;
    private final MappedByteBuffer buffer;
    private final FileChannel channel;

    private MappedSegment(Path path, long baseOffset, int size, MappedByteBuffer buffer, FileChannel channel) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.size = size;
        this.buffer = buffer;
        this.channel = channel;
    }

    /**
     * Maps {@code path}, creating it when absent. A file shorter than {@code size} (a segment cut short by a
     * crash or a bad copy) is extended with zeroes, which recovery reads as "nothing written here".
     *
     * @param preallocate write zeroes through the whole file before mapping it, so later forces do not pay
     *                    for block allocation
     */
    public static MappedSegment open(Path path, long baseOffset, int size, boolean preallocate) {
        return open(path, baseOffset, size, preallocate, false);
    }

    /**
     * As {@link #open(Path, long, int, boolean)}; with {@code channelWrites} the file channel stays open and
     * {@link #write} and {@link #force} go through it.
     */
    public static MappedSegment open(Path path, long baseOffset, int size, boolean preallocate,
                                     boolean channelWrites) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            long existing = channel.size();
            if (existing > size) {
                throw new IOException("segment " + path + " is " + existing + " bytes, larger than " + size);
            }
            if (preallocate && existing < size) {
                zeroFill(channel, existing, size);
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (!channelWrites) {
                channel.close();
                channel = null;
            }
            return new MappedSegment(path, baseOffset, size, map, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot map " + path, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing with the original error
            }
        }
    }

    /**
     * Writes zeroes over {@code [from, to)}, forcing every {@link #ZERO_FORCE_EVERY} bytes: a 1 GiB segment is
     * prepared in the background while the log is being forced, and one force of a gigabyte of dirty pages would
     * hold the disk (and every other force on it, of this node and of any replica sharing the disk) for seconds.
     */
    private static void zeroFill(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer zeroes = ByteBuffer.allocateDirect(ZERO_CHUNK);
        long pos = from;
        long unforced = 0;
        while (pos < to) {
            zeroes.clear().limit((int) Math.min(ZERO_CHUNK, to - pos));
            int written = channel.write(zeroes, pos);
            pos += written;
            unforced += written;
            if (unforced >= ZERO_FORCE_EVERY) {
                channel.force(false);
                unforced = 0;
            }
        }
        channel.force(false);
    }

    public Path path() {
        return path;
    }

    /** The logical offset of this segment's first byte (or first entry's byte) in the whole file set. */
    public long baseOffset() {
        return baseOffset;
    }

    public int size() {
        return size;
    }

    /** The mapped bytes; use absolute get/put only and never change the shared position or limit. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** A read-only view of {@code [position, position + length)}. */
    public ByteBuffer slice(int position, int length) {
        return buffer.slice(position, length).asReadOnlyBuffer();
    }

    /**
     * Writes {@code src} (position to limit, which are left unchanged) at {@code position}. Through the channel,
     * the caller's interrupt status is set aside during the write, since an interrupt would close the channel
     * for good; it is restored afterwards.
     */
    public void write(int position, ByteBuffer src) {
        if (channel == null) {
            buffer.put(position, src, src.position(), src.remaining());
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            ByteBuffer bytes = src.duplicate();
            long at = position;
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + path, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forces {@code [from, to)} to the storage device; an I/O failure surfaces as UncheckedIOException. */
    public void force(int from, int to) {
        if (to <= from) {
            return;
        }
        if (channel == null) {
            buffer.force(from, to - from);
            return;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force " + path, e);
        }
    }

    public void force() {
        force(0, size);
    }

    /** Overwrites {@code [from, size)} with zeroes. */
    public void zeroFrom(int from) {
        for (int i = from; i < size; ) {
            if ((i & 7) == 0 && i + 8 <= size) {
                buffer.putLong(i, 0L);
                i += 8;
            } else {
                buffer.put(i, (byte) 0);
                i++;
            }
        }
    }

    /** The same mapped file under a new name (after a rename). */
    MappedSegment renamedTo(Path newPath) {
        return new MappedSegment(newPath, baseOffset, size, buffer, channel);
    }

    /** Releases the file channel, if any; the mapping stays readable until it is garbage collected. */
    public void close() {
        closeQuietly(channel);
    }

    public void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
