package io.wharf.store.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.file.MappedSegment;
import io.wharf.store.format.RecordCheck;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommitLogTest {
    private static final int SEGMENT = 1 << 20;
    /** Header, the one-byte topic "t", no born host and an empty properties section. */
    private static final int OVERHEAD = RecordLayout.HEADER_LENGTH + 1 + 2;

    @TempDir
    Path dir;

    private static CommitLog open(Path dir) {
        CommitLog log = CommitLog.open(dir, SEGMENT, false, 4096);
        log.restore(LogPosition.START, 0);
        return log;
    }

    /** An encoded record of exactly {@code length} bytes whose body is derived from {@code seed}. */
    private static ByteBuffer record(int length, long seed) {
        byte[] body = new byte[length - OVERHEAD];
        new Random(seed).nextBytes(body);
        ByteBuffer buf = ByteBuffer.allocate(length);
        RecordLayout.encode(buf, RecordContent.of("t", 0, Map.of(), body));
        assertThat(buf.position()).isEqualTo(length);
        return buf.flip();
    }

    private static LogPosition append(CommitLog log, int length, long seed) {
        return log.append(record(length, seed), 1L, seed, 1_700_000_000_000L + seed);
    }

    private static int remainingInSegment(CommitLog log) {
        return SEGMENT - (int) (log.position().offset() % SEGMENT);
    }

    @Test
    void recordsNeverSpanSegmentsAndEverySegmentEndsInAMarkerOrExactly() {
        CommitLog log = open(dir);
        Random random = new Random(7);
        List<Long> starts = new ArrayList<>();
        while (log.segments().segments().size() < 5) {
            int length = OVERHEAD + 1 + 2 * random.nextInt(random.nextBoolean() ? 300 : 60_000);
            LogPosition end = append(log, length, starts.size());
            long start = end.offset() - length;
            starts.add(start);
            assertThat(start / SEGMENT).as("record %d", end.index()).isEqualTo((end.offset() - 1) / SEGMENT);
        }
        int walked = 0;
        for (MappedSegment segment : log.segments().segments()) {
            int pos = 0;
            while (true) {
                RecordCheck check = RecordLayout.check(segment.buffer(), pos);
                if (check == RecordCheck.VALID) {
                    assertThat(segment.baseOffset() + pos).isEqualTo(starts.get(walked));
                    assertThat(RecordLayout.logIndex(segment.buffer(), pos)).isEqualTo(walked + 1);
                    walked++;
                    pos += RecordLayout.length(segment.buffer(), pos);
                    if (pos == SEGMENT) {
                        break;
                    }
                    continue;
                }
                if (segment == log.segments().last()) {
                    assertThat(check).isEqualTo(RecordCheck.END_OF_DATA);
                    assertThat(segment.baseOffset() + pos).isEqualTo(log.position().offset());
                } else {
                    assertThat(check).as("segment %s at %d", segment, pos).isEqualTo(RecordCheck.END_OF_SEGMENT);
                    assertThat(SEGMENT - pos).isGreaterThanOrEqualTo(RecordLayout.END_OF_SEGMENT_MIN_LENGTH);
                }
                break;
            }
        }
        assertThat(walked).isEqualTo(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            ByteBuffer r = log.readByIndex(i + 1);
            assertThat(RecordLayout.check(r, 0)).isEqualTo(RecordCheck.VALID);
            assertThat(RecordLayout.physicalOffset(r, 0)).isEqualTo(starts.get(i));
            assertThat(log.offsetOf(i + 1)).isEqualTo(starts.get(i));
        }
    }

    @Test
    void recordFillingTheSegmentExactlyNeedsNoMarkerAndTheMinimalMarkerIsEightBytes() {
        CommitLog log = open(dir);
        append(log, 700_000, 1);
        LogPosition exact = append(log, remainingInSegment(log), 2);
        assertThat(exact.offset()).isEqualTo(SEGMENT);
        LogPosition next = append(log, 500, 3);
        assertThat(next.offset() - 500).isEqualTo(SEGMENT);

        append(log, remainingInSegment(log) - RecordLayout.END_OF_SEGMENT_MIN_LENGTH, 4);
        assertThat(remainingInSegment(log)).isEqualTo(RecordLayout.END_OF_SEGMENT_MIN_LENGTH);
        LogPosition rolled = append(log, OVERHEAD, 5);
        assertThat(rolled.offset()).isEqualTo(2L * SEGMENT + OVERHEAD);
        MappedSegment second = log.segments().segmentFor(SEGMENT);
        assertThat(RecordLayout.check(second.buffer(), SEGMENT - 8)).isEqualTo(RecordCheck.END_OF_SEGMENT);

        append(log, 600_000, 6);
        int remaining = remainingInSegment(log);
        LogPosition almost = append(log, remaining - RecordLayout.END_OF_SEGMENT_MIN_LENGTH + 1, 7);
        assertThat(almost.offset() - (remaining - 7)).as("a record leaving 1..7 bytes moves on")
            .isEqualTo(3L * SEGMENT);
        assertThat(log.readByIndex(almost.index())).isNotNull();
    }

    @Test
    void largestRecordFitsAnEmptySegmentAndOneByteMoreIsRejected() {
        CommitLog log = open(dir);
        append(log, 1000, 1);
        assertThat(log.maxRecordLength()).isEqualTo(SEGMENT - RecordLayout.END_OF_SEGMENT_MIN_LENGTH);
        LogPosition big = append(log, log.maxRecordLength(), 2);
        assertThat(big.offset() - log.maxRecordLength()).isEqualTo(SEGMENT);
        LogPosition before = log.position();
        assertThatThrownBy(() -> append(log, SEGMENT - 7, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.position()).isEqualTo(before);
    }

    @Test
    void readEntriesRespectsMaxBytesButReturnsAtLeastOneRecord() {
        CommitLog log = open(dir);
        int[] lengths = {300, 500, 700, 900, 1100};
        for (int i = 0; i < lengths.length; i++) {
            append(log, lengths[i], i);
        }
        assertThat(log.readEntries(1, 0)).hasSize(1);
        assertThat(log.readEntries(2, 1)).singleElement()
            .satisfies(b -> assertThat(RecordLayout.logIndex(b, 0)).isEqualTo(2));
        assertThat(log.readEntries(1, 300 + 500 + 700)).hasSize(3);
        assertThat(log.readEntries(1, 300 + 500 + 700 + 899)).hasSize(3);
        assertThat(log.readEntries(1, Integer.MAX_VALUE)).hasSize(5)
            .allSatisfy(b -> assertThat(RecordLayout.check(b, 0)).isEqualTo(RecordCheck.VALID));
        assertThat(log.readEntries(4, 900 + 1100)).extracting(ByteBuffer::remaining).containsExactly(900, 1100);
        assertThat(log.readEntries(6, Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void truncateAfterThenAppendContinuesWithTheRightIndexAndOffset() {
        CommitLog log = open(dir);
        List<LogPosition> ends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ends.add(log.append(record(200 + 10 * i, i), 3L + i, i, 0L));
        }
        log.truncateAfter(6);
        assertThat(log.position()).isEqualTo(ends.get(5));
        assertThat(log.readByIndex(7)).isNull();
        assertThat(log.readEntries(7, Integer.MAX_VALUE)).isEmpty();
        LogPosition next = log.append(record(999, 99), 20L, 0L, 0L);
        assertThat(next).isEqualTo(new LogPosition(ends.get(5).offset() + 999, 7, 20L));
        assertThat(RecordLayout.physicalOffset(log.readByIndex(7), 0)).isEqualTo(ends.get(5).offset());

        log.truncateAfter(0);
        assertThat(log.position()).isEqualTo(LogPosition.START);
        assertThat(log.readByIndex(1)).isNull();
        assertThat(append(log, 300, 1)).isEqualTo(new LogPosition(300, 1, 1L));
    }

    /**
     * A follower that cut a record which had rolled the log into a new segment must place the next record
     * where a log that never had it would: in the tail of the previous segment.
     */
    @Test
    void truncateAfterARolledRecordReusesThePreviousSegmentTail() throws IOException {
        CommitLog follower = open(dir.resolve("follower"));
        CommitLog leader = open(dir.resolve("leader"));
        for (CommitLog log : List.of(follower, leader)) {
            append(log, 900_000, 1);
            append(log, 100_000, 2);
        }
        LogPosition rolled = append(follower, 200_000, 3);
        assertThat(rolled.offset()).isEqualTo(SEGMENT + 200_000);
        follower.truncateAfter(2);
        assertThat(follower.position()).isEqualTo(leader.position());

        for (long seed = 10; seed < 14; seed++) {
            ByteBuffer fromLeader = leader.readByIndex(leader.append(record(5_000, seed), 1L, seed, 0L).index());
            assertThat(follower.appendReplicated(fromLeader)).isEqualTo(leader.position());
        }
        assertSameFiles(dir.resolve("leader"), dir.resolve("follower"));
    }

    @Test
    void replicatingReadEntriesProducesByteIdenticalSegments() throws IOException {
        CommitLog leader = open(dir.resolve("leader"));
        Random random = new Random(11);
        while (leader.segments().segments().size() < 4) {
            int length = OVERHEAD + 1 + 2 * random.nextInt(random.nextInt(10) == 0 ? 150_000 : 2_000);
            leader.append(record(length, random.nextLong()), 1 + leader.position().index() / 100,
                random.nextInt(1000), random.nextLong());
        }
        CommitLog follower = open(dir.resolve("follower"));
        while (follower.position().index() < leader.position().index()) {
            for (ByteBuffer r : leader.readEntries(follower.position().index() + 1, 256 * 1024)) {
                follower.appendReplicated(r);
            }
        }
        assertThat(follower.position()).isEqualTo(leader.position());
        assertSameFiles(dir.resolve("leader"), dir.resolve("follower"));
    }

    @Test
    void appendReplicatedRejectsWrongIndexWrongOffsetAndCorruptRecordsWithoutWriting() {
        CommitLog leader = open(dir.resolve("leader"));
        CommitLog follower = open(dir.resolve("follower"));
        append(leader, 800_000, 1);
        append(leader, 300_000, 2);
        append(leader, 700, 3);
        follower.appendReplicated(leader.readByIndex(1));
        LogPosition before = follower.position();

        assertRejected(follower, leader.readByIndex(3), before);
        ByteBuffer corrupt = copy(leader.readByIndex(2));
        corrupt.put(5_000, (byte) (corrupt.get(5_000) ^ 1));
        assertRejected(follower, corrupt, before);
        ByteBuffer withTrailer = ByteBuffer.allocate(300_000 + 8);
        withTrailer.put(0, leader.readByIndex(2), 0, 300_000);
        assertRejected(follower, withTrailer, before);
        assertRejected(follower, ByteBuffer.wrap(new byte[300_000]), before);

        for (long wrongOffset : new long[] {before.offset(), SEGMENT + 8, 2L * SEGMENT}) {
            ByteBuffer misplaced = copy(leader.readByIndex(2));
            misplaced.putLong(RecordLayout.PHYSICAL_OFFSET_OFFSET, wrongOffset);
            RecordLayout.seal(misplaced, 0);
            assertThat(RecordLayout.check(misplaced, 0)).isEqualTo(RecordCheck.VALID);
            assertRejected(follower, misplaced, before);
        }

        follower.appendReplicated(leader.readByIndex(2));
        follower.appendReplicated(leader.readByIndex(3));
        assertThat(follower.position()).isEqualTo(leader.position());
    }

    private static void assertRejected(CommitLog follower, ByteBuffer record, LogPosition before) {
        assertThatThrownBy(() -> follower.appendReplicated(record)).isInstanceOf(IllegalArgumentException.class);
        assertThat(follower.position()).isEqualTo(before);
        MappedSegment current = follower.segments().segmentFor(before.offset());
        int at = (int) (before.offset() - current.baseOffset());
        assertThat(RecordLayout.check(current.buffer(), at)).as("bytes after the end stay untouched")
            .isEqualTo(RecordCheck.END_OF_DATA);
        assertThat(follower.segments().segments()).hasSize(1);
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    private static void assertSameFiles(Path expectedDir, Path actualDir) throws IOException {
        for (String sub : List.of("commitlog", "logindex")) {
            List<Path> expected = list(expectedDir.resolve(sub));
            List<Path> actual = list(actualDir.resolve(sub));
            assertThat(actual).extracting(p -> p.getFileName().toString())
                .containsExactlyElementsOf(expected.stream().map(p -> p.getFileName().toString()).toList());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(Files.mismatch(expected.get(i), actual.get(i))).as("first difference in %s", actual.get(i))
                    .isEqualTo(-1L);
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
