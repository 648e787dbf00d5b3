package io.wharf.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FixedEntryLogTest {
    private static final int ENTRY = 12;
    private static final int PER_SEGMENT = 8;

    @TempDir
    Path dir;

    private FixedEntryLog open() {
        return FixedEntryLog.open(dir, ENTRY, PER_SEGMENT);
    }

    private static ByteBuffer entry(long index) {
        return ByteBuffer.allocate(ENTRY).putLong(0, index * 1_000_003L + 1).putInt(8, (int) index + 7);
    }

    private static void append(FixedEntryLog log, long from, long to) {
        for (long i = from; i < to; i++) {
            log.append(i, entry(i));
        }
    }

    /** Entries {@code [from, to)} are held with their content, and nothing outside. */
    private static void assertHolds(FixedEntryLog log, long from, long to) {
        assertThat(log.firstIndex()).isEqualTo(from);
        assertThat(log.nextIndex()).isEqualTo(to);
        assertThat(log.isEmpty()).isEqualTo(from == to);
        for (long i = from; i < to; i++) {
            FixedEntryLog.EntryRef ref = log.locate(i);
            assertThat(ref).as("entry %d", i).isNotNull();
            assertThat(ref.buffer().getLong(ref.position())).isEqualTo(entry(i).getLong(0));
            assertThat(ref.buffer().getInt(ref.position() + 8)).isEqualTo(entry(i).getInt(8));
        }
        assertThat(log.locate(from - 1)).isNull();
        assertThat(log.locate(to)).isNull();
    }

    private long segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void appendedEntriesAreLocatedAcrossSegmentsAndFoundAgainOnReopen() throws IOException {
        FixedEntryLog log = open();
        assertHolds(log, 0, 0);
        append(log, 0, 20);
        assertHolds(log, 0, 20);
        assertThat(segmentFiles()).isEqualTo(3);
        assertHolds(open(), 0, 20);
    }

    @Test
    void reopenAfterAnExactlyFullSegmentFindsTheNextIndex() {
        FixedEntryLog log = open();
        append(log, 0, 2 * PER_SEGMENT);
        assertHolds(open(), 0, 2 * PER_SEGMENT);
        FixedEntryLog reopened = open();
        append(reopened, 2 * PER_SEGMENT, 2 * PER_SEGMENT + 1);
        assertHolds(open(), 0, 2 * PER_SEGMENT + 1);
    }

    @Test
    void logStartingPastZeroKeepsItsFirstIndex() {
        FixedEntryLog log = open();
        append(log, 21, 31);
        assertHolds(log, 21, 31);
        assertHolds(open(), 21, 31);
        FixedEntryLog reopened = open();
        assertThatThrownBy(() -> reopened.append(40, entry(40))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reopened.append(30, entry(30))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> reopened.append(31, ByteBuffer.allocate(ENTRY + 1)))
            .isInstanceOf(IllegalArgumentException.class);
        append(reopened, 31, 33);
        assertHolds(open(), 21, 33);
    }

    @Test
    void truncateFromDropsTheTailAndAppendingContinuesThere() throws IOException {
        FixedEntryLog log = open();
        append(log, 0, 20);
        log.truncateFrom(13);
        assertHolds(log, 0, 13);
        assertHolds(open(), 0, 13);
        append(log, 13, 15);
        assertHolds(open(), 0, 15);

        log.truncateFrom(2 * PER_SEGMENT);
        assertHolds(log, 0, 15);
        log.truncateFrom(PER_SEGMENT);
        assertHolds(log, 0, PER_SEGMENT);
        assertThat(segmentFiles()).as("segments wholly past the cut are deleted").isLessThanOrEqualTo(2);
        assertHolds(open(), 0, PER_SEGMENT);
        FixedEntryLog reopened = open();
        append(reopened, PER_SEGMENT, PER_SEGMENT + 3);
        assertHolds(open(), 0, PER_SEGMENT + 3);
    }

    @Test
    void truncatingEverythingLeavesAnEmptyLogThatAcceptsAnyIndex() {
        FixedEntryLog log = open();
        append(log, 5, 12);
        log.truncateFrom(0);
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.locate(5)).isNull();
        FixedEntryLog reopened = open();
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(reopened.nextIndex()).as("an emptied log does not skip past the cut").isLessThanOrEqualTo(5);
        append(log, 100, 103);
        assertHolds(log, 100, 103);
        assertHolds(open(), 100, 103);
    }

    @Test
    void logEmptiedFromItsStartReopensAtItsStart() {
        FixedEntryLog log = open();
        append(log, 0, 6);
        log.truncateFrom(0);
        assertHolds(log, 0, 0);
        assertHolds(open(), 0, 0);
        FixedEntryLog reopened = open();
        append(reopened, 0, 2);
        assertHolds(open(), 0, 2);
    }

    @Test
    void deleteBelowRemovesWholeSegmentsButNeverTheLast() throws IOException {
        FixedEntryLog log = open();
        append(log, 0, 28);
        log.deleteBelow(17);
        assertHolds(log, 16, 28);
        assertThat(segmentFiles()).isEqualTo(2);
        assertHolds(open(), 16, 28);

        log.deleteBelow(1_000);
        assertHolds(log, 24, 28);
        assertThat(segmentFiles()).isEqualTo(1);
        assertHolds(open(), 24, 28);
        append(log, 28, 40);
        assertHolds(open(), 24, 40);
    }

    @Test
    void deleteAllForgetsEverything() throws IOException {
        FixedEntryLog log = open();
        append(log, 0, 20);
        log.deleteAll();
        assertHolds(log, 0, 0);
        assertThat(segmentFiles()).isZero();
        append(log, 7, 9);
        assertHolds(open(), 7, 9);
    }
}
