package io.wharf.benchmarks;

import io.wharf.testkit.LatencyRecorder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The raw limit of the disk for what the commit log does, with nothing else in the way: one thread writes
 * records into a zero-filled, fsynced file and forces the last {@code batch} of them (by default through a
 * memory mapping and {@link MappedByteBuffer#force(int, int)}; see {@link RawVariant}). A record's latency runs
 * from just before its write until the force covering it returned. When the file is full the loop starts again
 * at its beginning; the blocks stay allocated, so the cost does not change.
 */
public final class RawForceLoop {
    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final int fileBytes;

    private RawForceLoop(Path path, int fileBytes) {
        this.path = path;
        this.fileBytes = fileBytes;
    }

    /** Creates {@code path} (absent so far) zero-filled to {@code fileBytes} and forced; the caller deletes it. */
    public static RawForceLoop preallocate(Path path, int fileBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeroes = ByteBuffer.allocateDirect(ZERO_CHUNK);
            for (long pos = 0; pos < fileBytes; ) {
                zeroes.clear().limit((int) Math.min(ZERO_CHUNK, fileBytes - pos));
                pos += channel.write(zeroes, pos);
            }
            channel.force(false);
        }
        return new RawForceLoop(path, fileBytes);
    }

    /** Runs the loop for {@code warmup} and then {@code duration}, measuring only the latter. */
    public Measurement run(RawVariant variant, int recordBytes, int batch, Duration warmup, Duration duration)
        throws IOException {
        if (batch < 1 || (long) batch * recordBytes > fileBytes) {
            throw new IllegalArgumentException("batch must be 1.." + fileBytes / recordBytes + " records");
        }
        BusySibling sibling = variant.busySibling() ? BusySibling.start() : null;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileBytes);
            ByteBuffer record = ByteBuffer.allocateDirect(recordBytes);
            while (record.hasRemaining()) {
                record.put((byte) 'r');
            }
            return loop(variant.pwrite() ? channel : null, map, record, batch, warmup, duration);
        } finally {
            if (sibling != null) {
                sibling.stop();
            }
        }
    }

    private Measurement loop(FileChannel pwrite, MappedByteBuffer map, ByteBuffer record, int batch, Duration warmup,
                             Duration duration) throws IOException {
        int recordBytes = record.capacity();
        int slots = fileBytes / recordBytes;
        long[] writtenAt = new long[batch];
        LatencyRecorder recorder = new LatencyRecorder();
        long measureFromNs = System.nanoTime() + warmup.toNanos();
        long measureToNs = measureFromNs + duration.toNanos();
        long measured = 0;
        for (int slot = 0; ; ) {
            int n = Math.min(batch, slots - slot);
            for (int i = 0; i < n; i++) {
                writtenAt[i] = System.nanoTime();
                int at = (slot + i) * recordBytes;
                if (pwrite == null) {
                    map.put(at, record, 0, recordBytes);
                } else {
                    for (record.clear(); record.hasRemaining(); ) {
                        pwrite.write(record, at + record.position());
                    }
                }
            }
            if (pwrite == null) {
                map.force(slot * recordBytes, n * recordBytes);
            } else {
                pwrite.force(false);
            }
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
            slot = slot + n == slots ? 0 : slot + n;
        }
        LatencyRecorder.Percentiles latency = LatencyRecorder.summarize(List.of(recorder));
        return new Measurement(measured, duration.toNanos() / 1e9, recordBytes, latency, batch);
    }

    /** A thread of this process that keeps the other core busy, as the store's own threads do. */
    private static final class BusySibling {
        private volatile boolean running = true;
        private Thread thread;
        private long spins;

        static BusySibling start() {
            BusySibling s = new BusySibling();
            s.thread = Thread.ofPlatform().name("raw-busy-sibling").daemon().start(s::spin);
            return s;
        }

        private void spin() {
            // No Thread.onSpinWait(): on a VM, PAUSE loops may make the hypervisor take the core away.
            long n = 0;
            while (running) {
                n++;
            }
            spins = n;
        }

        void stop() throws IOException {
            running = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the busy sibling", e);
            }
        }
    }
}
