package io.wharf.benchmarks.jmh;

import io.wharf.benchmarks.BenchmarkRecords;
import io.wharf.benchmarks.TempDirs;
import io.wharf.store.AppendResult;
import io.wharf.store.FlushMode;
import io.wharf.store.MessageStore;
import io.wharf.store.StoreConfig;
import io.wharf.store.format.RecordContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link MessageStore#append} of a 1 KiB record.
 *
 * <p>{@link #appendAsync}: ASYNC flush, one thread, so the score is the in-memory append path (encode, lock,
 * stamp and CRC, copy into the mapped segment, log-index entry, dispatcher wake-up). Each invocation appends
 * {@value #ASYNC_APPENDS} records into a fresh store whose only segment was preallocated during setup, so
 * neither segment creation nor disk space grows into the measurement; the periodic flush (every 500 ms) and the
 * dispatcher still run beside it, as they do in production.
 *
 * <p>{@link #appendSync}: SYNC flush, 16 threads each waiting for its record to be durable: throughput of
 * group commit on this disk.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AppendBenchmark {
    static final int ASYNC_APPENDS = 200_000;

    @State(Scope.Benchmark)
    public static class AsyncStore {
        Path dir;
        MessageStore store;
        RecordContent content;

        @Setup(Level.Iteration)
        public void open() throws IOException {
            content = BenchmarkRecords.content(0, BenchmarkRecords.BODY_BYTES, "async");
            dir = Files.createTempDirectory("wharf-jmh-async-");
            store = openStore(dir, FlushMode.ASYNC, 512 << 20);
            store.append(content).join();
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            store.close();
            TempDirs.deleteRecursively(dir);
        }
    }

    @State(Scope.Benchmark)
    public static class SyncStore {
        Path dir;
        MessageStore store;
        RecordContent content;

        @Setup(Level.Trial)
        public void open() throws IOException {
            content = BenchmarkRecords.content(0, BenchmarkRecords.BODY_BYTES, "sync");
            dir = Files.createTempDirectory("wharf-jmh-sync-");
            store = openStore(dir, FlushMode.SYNC, StoreConfig.DEFAULT_SEGMENT_BYTES);
            store.append(content).join();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            TempDirs.deleteRecursively(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(ASYNC_APPENDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    public long appendAsync(AsyncStore s) {
        long last = 0;
        for (int i = 0; i < ASYNC_APPENDS; i++) {
            last = s.store.append(s.content).join().logIndex();
        }
        return last;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(16)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public AppendResult appendSync(SyncStore s) throws InterruptedException, ExecutionException {
        return s.store.append(s.content).get();
    }

    static MessageStore openStore(Path dir, FlushMode mode, int segmentBytes) {
        return MessageStore.open(StoreConfig.builder(dir).flushMode(mode).commitLogSegmentBytes(segmentBytes)
            .build(), InstantSource.system());
    }
}
