package io.wharf.store;

import io.wharf.store.common.AppendStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Compares the commit log, through the store, with a plain list of records under random appends (some big
 * enough to roll 1 MiB segments), commits, truncations of the uncommitted tail, checkpoints and reopenings,
 * clean or after a simulated crash. After every step each index reads back exactly the model's record, placed
 * where the segment rule says; at the end every queue reads back exactly its records.
 */
@PropertyTimeout(seconds = 120)
class CommitLogProperties {
    private static final int SEGMENT = StoreConfig.MIN_SEGMENT_BYTES;
    private static final int QUEUES = 3;
    private static final String TOPIC = "prop";

    sealed interface Op permits Append, Commit, Truncate, Checkpoint, Reopen {
    }

    record Append(int queueId, int bodyLength, byte fill) implements Op {
    }

    record Commit(int percent) implements Op {
    }

    record Truncate(int percent) implements Op {
    }

    record Checkpoint() implements Op {
    }

    record Reopen(boolean crash) implements Op {
    }

    /** What the model knows of one record. */
    private record Rec(int queueId, byte[] body, long queueOffset, long offset, int length) {
        long end() {
            return offset + length;
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> bodyLengths = Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.integers().between(0, 300)),
            Tuple.of(3, Arbitraries.integers().between(1_000, 20_000)),
            Tuple.of(4, Arbitraries.integers().between(250_000, 900_000)));
        Arbitrary<Op> append = Combinators.combine(Arbitraries.integers().between(0, QUEUES - 1), bodyLengths,
            Arbitraries.bytes()).as(Append::new);
        Arbitrary<Op> commit = Arbitraries.integers().between(0, 100).map(Commit::new);
        Arbitrary<Op> truncate = Arbitraries.integers().between(0, 100).map(Truncate::new);
        Arbitrary<Op> reopen = Arbitraries.of(true, false).map(Reopen::new);
        return Arbitraries.frequencyOf(
            Tuple.of(10, append), Tuple.of(3, commit), Tuple.of(3, truncate),
            Tuple.of(1, Arbitraries.just(new Checkpoint())), Tuple.of(3, reopen)
        ).list().ofMinSize(5).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
    }

    @Property(tries = 50)
    void everyIndexReadsBackTheModelRecord(@ForAll("operations") List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("wharf-commitlog-props");
        Harness h = new Harness(dir);
        try {
            for (int step = 0; step < ops.size(); step++) {
                h.apply(ops.get(step));
                h.check("after step " + step + ": " + ops.get(step));
            }
            h.commitEverythingAndCheckQueues();
            Statistics.label("segments rolled").collect(h.segmentsRolled);
            Statistics.label("crash reopenings").collect(ops.stream().filter(o -> o instanceof Reopen r && r.crash())
                .count());
            Statistics.label("truncations").collect(ops.stream().filter(o -> o instanceof Truncate).count());
        } finally {
            h.store.close();
            StoreTestKit.deleteTree(dir);
        }
    }

    /** The store under test and the model it must match. */
    private static final class Harness {
        final Path dir;
        final StoreConfig config;
        final List<Rec> model = new ArrayList<>();
        long watermark;
        long segmentsRolled;
        MessageStore store;

        Harness(Path dir) {
            this.dir = dir.resolve("store");
            this.config = TestStores.small(this.dir).commitPolicy(CommitPolicy.EXTERNAL)
                .checkpointInterval(Duration.ofHours(1)).retentionCheckInterval(Duration.ofHours(1)).build();
            this.store = MessageStore.open(config, Clock.systemUTC());
        }

        void apply(Op op) throws Exception {
            switch (op) {
                case Append a -> append(a);
                case Commit c -> {
                    long target = watermark + (model.size() - watermark) * c.percent() / 100;
                    store.advanceCommitWatermark(target);
                    watermark = Math.max(watermark, target);
                    StoreTestKit.awaitDispatched(store, watermark);
                }
                case Truncate t -> {
                    if (watermark > 0) {
                        assertThatThrownBy(() -> store.truncateAfter(watermark - 1))
                            .isInstanceOf(IllegalArgumentException.class);
                    }
                    long keep = watermark + (model.size() - watermark) * t.percent() / 100;
                    store.truncateAfter(keep);
                    model.subList((int) keep, model.size()).clear();
                }
                case Checkpoint c -> store.checkpoint();
                case Reopen r -> reopen(r.crash());
            }
        }

        private void append(Append a) throws Exception {
            byte[] body = new byte[a.bodyLength()];
            Arrays.fill(body, a.fill());
            if (body.length >= 4) {
                ByteBuffer.wrap(body).putInt(0, model.size());
            }
            AppendResult r = store.append(RecordContent.of(TOPIC, a.queueId(), Map.of(), body))
                .get(10, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(AppendStatus.PUT_OK);
            long queueOffset = model.stream().filter(m -> m.queueId() == a.queueId()).count();
            long end = model.isEmpty() ? 0L : model.get(model.size() - 1).end();
            model.add(new Rec(a.queueId(), body, queueOffset, placement(end, r.length()), r.length()));
            if (placement(end, r.length()) / SEGMENT != end / SEGMENT) {
                segmentsRolled++;
            }
            assertThat(r.logIndex()).isEqualTo(model.size());
            assertThat(r.queueOffset()).isEqualTo(queueOffset);
            assertThat(r.physicalOffset()).isEqualTo(placement(end, r.length()));
        }

        /** Where a record goes after {@code end}: right there, or at the next segment if it does not fit. */
        private static long placement(long end, int length) {
            long remaining = SEGMENT - end % SEGMENT;
            boolean fits = length == remaining || length + RecordLayout.END_OF_SEGMENT_MIN_LENGTH <= remaining;
            return fits ? end : end + remaining;
        }

        private void reopen(boolean crash) {
            long before = store.commitWatermark();
            if (crash) {
                // Everything is appended and dispatched, so the copy holds what a killed process leaves behind.
                StoreTestKit.crash(store, dir);
                assertThat(dir.resolve("abort")).exists();
            } else {
                store.close();
            }
            store = MessageStore.open(config, Clock.systemUTC());
            watermark = store.commitWatermark();
            if (crash) {
                assertThat(watermark).as("the watermark falls back at most to the checkpoint's")
                    .isLessThanOrEqualTo(before);
            } else {
                assertThat(watermark).isEqualTo(before);
            }
            StoreTestKit.awaitDispatched(store, watermark);
        }

        void check(String when) {
            assertThat(store.endPosition().index()).as(when).isEqualTo(model.size());
            long end = model.isEmpty() ? 0L : model.get(model.size() - 1).end();
            assertThat(store.endPosition().offset()).as(when).isEqualTo(end);
            assertThat(store.commitWatermark()).as(when).isEqualTo(watermark);
            for (int i = 0; i < model.size(); i++) {
                ByteBuffer stored = store.log().readByIndex(i + 1);
                assertThat(stored).as("%s: index %d", when, i + 1).isNotNull();
                assertThat(RecordLayout.check(stored, 0)).as("%s: index %d", when, i + 1)
                    .isEqualTo(RecordCheck.VALID);
                DecodedRecord d = RecordLayout.decode(stored, 0);
                Rec expected = model.get(i);
                assertThat(d.logIndex()).as(when).isEqualTo(i + 1);
                assertThat(d.physicalOffset()).as("%s: offset of index %d", when, i + 1).isEqualTo(expected.offset());
                assertThat(d.queueId()).as(when).isEqualTo(expected.queueId());
                assertThat(d.queueOffset()).as("%s: queue offset of index %d", when, i + 1)
                    .isEqualTo(expected.queueOffset());
                assertThat(d.body()).as("%s: body of index %d", when, i + 1).isEqualTo(expected.body());
            }
            assertThat(store.log().readByIndex(model.size() + 1)).as(when).isNull();
        }

        void commitEverythingAndCheckQueues() {
            store.advanceCommitWatermark(Long.MAX_VALUE);
            StoreTestKit.awaitDispatched(store, model.size());
            for (int q = 0; q < QUEUES; q++) {
                int queueId = q;
                List<Rec> expected = model.stream().filter(m -> m.queueId() == queueId).toList();
                QueueReadResult read = store.read(TOPIC, q, 0, 10_000, Integer.MAX_VALUE, x -> true);
                List<DecodedRecord> decoded = read.decoded();
                assertThat(decoded).as("queue %d", q).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(decoded.get(i).queueOffset()).isEqualTo(i);
                    assertThat(decoded.get(i).body()).as("queue %d offset %d", q, i).isEqualTo(expected.get(i).body());
                }
            }
        }
    }
}
