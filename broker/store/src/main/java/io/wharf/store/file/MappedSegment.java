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
 */
public final class MappedSegment {
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final long baseOffset;
    private final int size;
    private final MappedByteBuffer buffer;

    private MappedSegment(Path path, long baseOffset, int size, MappedByteBuffer buffer) {
        this.path = path;
        this.baseOffset = baseOffset;
        this.size = size;
        this.buffer = buffer;
    }

    /**
     * Maps {@code path}, creating it when absent. A file shorter than {@code size} (a segment cut short by a
     * crash or a bad copy) is extended with zeroes, which recovery reads as "nothing written here".
     *
     * @param preallocate write zeroes through the whole file before mapping it, so later forces do not pay
     *                    for block allocation
     */
    public static MappedSegment open(Path path, long baseOffset, int size, boolean preallocate) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            long existing = channel.size();
            if (existing > size) {
                throw new IOException("segment " + path + " is " + existing + " bytes, larger than " + size);
            }
            if (preallocate && existing < size) {
                zeroFill(channel, existing, size);
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return new MappedSegment(path, baseOffset, size, map);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + path, e);
        }
    }

    private static void zeroFill(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer zeroes = ByteBuffer.allocateDirect(ZERO_CHUNK);
        long pos = from;
        while (pos < to) {
            zeroes.clear().limit((int) Math.min(ZERO_CHUNK, to - pos));
            pos += channel.write(zeroes, pos);
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

    public void write(int position, ByteBuffer src) {
        buffer.put(position, src, src.position(), src.remaining());
    }

    /** Forces {@code [from, to)} to the storage device; an I/O failure surfaces as UncheckedIOException. */
    public void force(int from, int to) {
        if (to > from) {
            buffer.force(from, to - from);
        }
    }

    public void force() {
        buffer.force();
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

    public void delete() {
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
