package io.wharf.benchmarks.jmh;

import io.wharf.benchmarks.BenchmarkRecords;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The record format's cost per 1 KiB record: building it as an append does (encode, stamp, seal with CRC32C),
 * and reading it as recovery and consumers do (check the CRC, decode every field).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecordCodecBenchmark {
    private RecordContent content;
    private ByteBuffer scratch;
    private ByteBuffer sealed;
    private long index;

    @Setup
    public void setUp() {
        content = BenchmarkRecords.content(3, BenchmarkRecords.BODY_BYTES, "42");
        scratch = ByteBuffer.allocate(4096);
        sealed = ByteBuffer.allocate(4096);
        RecordLayout.encode(sealed, content);
        sealed.flip();
        RecordLayout.stamp(sealed, 0, 1L, 1L, 0L, 0L, 1_700_000_000_001L);
        RecordLayout.seal(sealed, 0);
    }

    /** What an append does to a record before copying it into the log. */
    @Benchmark
    public int encodeStampSeal() {
        scratch.clear();
        RecordLayout.encode(scratch, content);
        scratch.flip();
        long i = ++index;
        RecordLayout.stamp(scratch, 0, i, 1L, i * 1200, i, 1_700_000_000_001L);
        RecordLayout.seal(scratch, 0);
        return scratch.getInt(RecordLayout.CRC_OFFSET);
    }

    /** What recovery does for each record: bounds, magic and CRC. */
    @Benchmark
    public RecordCheck check() {
        return RecordLayout.check(sealed, 0);
    }

    /** What a reader does to turn a record into a value: every field, properties parsed, body copied. */
    @Benchmark
    public DecodedRecord decode() {
        return RecordLayout.decode(sealed, 0);
    }
}
