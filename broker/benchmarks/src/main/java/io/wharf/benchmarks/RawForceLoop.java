package io.wharf.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The raw limit of the disk for what the commit log does, with nothing else in the way: one thread copies
 * records into a zero-filled, fsynced, memory-mapped file and calls {@link MappedByteBuffer#force(int, int)}
 * over the last {@code batch} records. A record's latency runs from just before its copy until the force
 * covering it returned. When the file is full the loop starts again at its beginning (the blocks stay
 * allocated, so the cost does not change).
 */
public final class RawForceLoop {
    private static final int ZERO_CHUNK = 1 << 20;

    private RawForceLoop() {
    }

    /** Runs the loop on a new file at {@code path} of {@code fileBytes}; the caller deletes it. */
    public static Measurement run(Path path, int fileBytes, int recordBytes, int batch, Duration warmup,
                                  Duration duration) throws IOException {
        if (batch < 1 || (long) batch * recordBytes > fileBytes) {
            throw new IllegalArgumentException("batch must be 1.." + fileBytes / recordBytes + " records");
        }
        MappedByteBuffer map = preallocatedMap(path, fileBytes);
        byte[] bytes = new byte[recordBytes];
        Arrays.fill(bytes, (byte) 'r');
        ByteBuffer record = ByteBuffer.wrap(bytes);
        int slots = fileBytes / recordBytes;
        long[] writtenAt = new long[batch];
        LatencyRecorder recorder = new LatencyRecorder();
        long measureFromNs = System.nanoTime() + warmup.toNanos();
        long measureToNs = measureFromNs + duration.toNanos();
        int slot = 0;
        long measured = 0;
        while (true) {
            int first = slot;
            int n = Math.min(batch, slots - slot);
            for (int i = 0; i < n; i++) {
                writtenAt[i] = System.nanoTime();
                map.put((first + i) * recordBytes, record, 0, recordBytes);
            }
            map.force(first * recordBytes, n * recordBytes);
            long forcedAt = System.nanoTime();
            if (forcedAt > measureToNs) {
                break;
            }
            if (writtenAt[0] >= measureFromNs) {
                for (int i = 0; i < n; i++) {
                    recorder.record(forcedAt - writtenAt[i]);
                }
                measured += n;
            }
            slot = first + n == slots ? 0 : first + n;
        }
        LatencyRecorder.Percentiles latency = LatencyRecorder.summarize(List.of(recorder));
        return new Measurement(measured, duration.toNanos() / 1e9, recordBytes, latency, batch);
    }

    private static MappedByteBuffer preallocatedMap(Path path, int fileBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            ByteBuffer zeroes = ByteBuffer.allocateDirect(ZERO_CHUNK);
            for (long pos = 0; pos < fileBytes; ) {
                zeroes.clear().limit((int) Math.min(ZERO_CHUNK, fileBytes - pos));
                pos += channel.write(zeroes, pos);
            }
            channel.force(false);
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, fileBytes);
        }
    }
}
