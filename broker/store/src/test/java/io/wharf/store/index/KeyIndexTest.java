package io.wharf.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.format.KeyIndexFileLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyIndexTest {
    private static final int SLOTS = 16;
    private static final int ENTRIES = 64;
    private static final long LOG_START = 4_096L;
    private static final int RECORD = 100;
    private static final long T0 = 1_700_000_000_000L;
    private static final long ALL_TIME_FROM = Long.MIN_VALUE;
    private static final long ALL_TIME_TO = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private KeyIndex index;

    @AfterEach
    void closeIndex() {
        if (index != null) {
            index.close();
        }
    }

    private KeyIndex open() {
        index = KeyIndex.open(dir, SLOTS, ENTRIES);
        return index;
    }

    private KeyIndex reopen() {
        index.close();
        return open();
    }

    private static long offsetOf(int record) {
        return LOG_START + (long) record * RECORD;
    }

    /** Record i carries keys "k" + (i % keys) and "u" + i (its unique key), stamped T0 + i seconds. */
    private void putRecords(int from, int to, int keys) {
        for (int i = from; i < to; i++) {
            index.put("orders", List.of("k" + (i % keys), "u" + i), offsetOf(i), RECORD, T0 + i * 1000L);
        }
    }

    private static List<Long> expected(int from, int to, int keys, int key) {
        List<Long> out = new ArrayList<>();
        for (int i = to - 1; i >= from; i--) {
            if (i % keys == key) {
                out.add(offsetOf(i));
            }
        }
        return out;
    }

    private List<Long> lookupAll(String key) {
        return index.lookup("orders", key, ALL_TIME_FROM, ALL_TIME_TO, Integer.MAX_VALUE);
    }

    private void assertIndexed(int from, int to, int keys) {
        for (int key = 0; key < keys; key++) {
            assertThat(lookupAll("k" + key)).as("k%d", key).isEqualTo(expected(from, to, keys, key));
        }
        for (int i = from; i < to; i += 7) {
            assertThat(lookupAll("u" + i)).as("u%d", i).containsExactly(offsetOf(i));
        }
    }

    private List<KeyIndexFile> files() {
        return index.files();
    }

    @Test
    void rotatesAcrossContiguousFilesAndLooksUpNewestFirst() {
        open();
        putRecords(0, 200, 5);
        List<KeyIndexFile> files = files();
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        assertThat(files.get(0).beginOffset()).isEqualTo(LOG_START);
        for (int i = 1; i < files.size(); i++) {
            assertThat(files.get(i).beginOffset()).isEqualTo(files.get(i - 1).endOffset());
            assertThat(files.get(i - 1).isSealed()).isTrue();
            assertThat(files.get(i).path().getFileName().toString())
                .isEqualTo(String.format("%020d", files.get(i).beginOffset()));
        }
        assertThat(index.indexedEndOffset()).isEqualTo(offsetOf(200));
        assertIndexed(0, 200, 5);
        assertThat(index.lookup("orders", "k3", ALL_TIME_FROM, ALL_TIME_TO, 4))
            .containsExactly(offsetOf(198), offsetOf(193), offsetOf(188), offsetOf(183));
    }

    @Test
    void lookupsAreLimitedToTheirTimeRange() {
        open();
        putRecords(0, 200, 5);
        assertThat(index.lookup("orders", "k2", T0 + 40_000L, T0 + 60_000L, 100))
            .containsExactly(offsetOf(57), offsetOf(52), offsetOf(47), offsetOf(42));
        assertThat(index.lookup("orders", "k2", T0 + 200_000L, ALL_TIME_TO, 100)).isEmpty();
        assertThat(index.lookup("orders", "k2", T0 + 60_000L, T0 + 40_000L, 100)).isEmpty();
        assertThat(index.lookup("orders", "k2", ALL_TIME_FROM, ALL_TIME_TO, 0)).isEmpty();
    }

    @Test
    void manyKeysInFewSlotsStayApart() {
        open();
        for (int i = 0; i < 60; i++) {
            index.put("t" + (i % 3), List.of("key-" + (i % 20)), offsetOf(i), RECORD, T0);
        }
        for (int i = 0; i < 60; i++) {
            List<Long> expected = new ArrayList<>();
            for (int j = 59; j >= 0; j--) {
                if (j % 3 == i % 3 && j % 20 == i % 20) {
                    expected.add(offsetOf(j));
                }
            }
            assertThat(index.lookup("t" + (i % 3), "key-" + (i % 20), ALL_TIME_FROM, ALL_TIME_TO, 100))
                .isEqualTo(expected);
        }
    }

    @Test
    void collidingTopicKeyPairsAreBothCandidates() {
        open();
        index.put("a#b", List.of("c"), offsetOf(0), RECORD, T0);
        index.put("a", List.of("b#c"), offsetOf(1), RECORD, T0);
        assertThat(index.lookup("a", "b#c", ALL_TIME_FROM, ALL_TIME_TO, 10)).containsExactly(offsetOf(1), offsetOf(0));
    }

    @Test
    void emptyNullAndRepeatedKeysAreHandled() {
        open();
        index.put("orders", Arrays.asList("", null, "x", "x"), offsetOf(0), RECORD, T0);
        index.put("orders", List.of(), offsetOf(1), RECORD, T0);
        assertThat(lookupAll("x")).containsExactly(offsetOf(0));
        assertThat(lookupAll("")).isEmpty();
        assertThat(files().get(0).entryCount()).isEqualTo(2);
        assertThat(index.indexedEndOffset()).as("a record without keys is indexed too").isEqualTo(offsetOf(2));
    }

    @Test
    void recordsBelowTheIndexedEndAreNotIndexedTwice() {
        open();
        putRecords(0, 10, 2);
        putRecords(5, 12, 2);
        assertIndexed(0, 12, 2);
    }

    @Test
    void aTimeJumpBeyondAnIntOfMillisecondsStartsANewFile() {
        open();
        index.put("orders", List.of("k"), offsetOf(0), RECORD, T0);
        long later = T0 + Integer.MAX_VALUE + 1L;
        index.put("orders", List.of("k"), offsetOf(1), RECORD, later);
        assertThat(files()).hasSize(2);
        assertThat(index.lookup("orders", "k", later, later, 10)).containsExactly(offsetOf(1));
        assertThat(index.lookup("orders", "k", T0, T0, 10)).containsExactly(offsetOf(0));
    }

    @Test
    void aRecordWithMoreKeysThanAFileHoldsKeepsTheFirstOnes() {
        index = KeyIndex.open(dir, SLOTS, 4);
        index.put("orders", List.of("a"), offsetOf(0), RECORD, T0);
        index.put("orders", List.of("1", "2", "3", "4", "5", "6"), offsetOf(1), RECORD, T0);
        assertThat(files()).hasSize(2);
        assertThat(lookupAll("4")).containsExactly(offsetOf(1));
        assertThat(lookupAll("5")).isEmpty();
    }

    @Test
    void reopenAfterCloseFindsEverything() {
        open();
        putRecords(0, 150, 4);
        reopen();
        assertThat(index.recover(LOG_START, offsetOf(150))).isEqualTo(offsetOf(150));
        assertIndexed(0, 150, 4);
        putRecords(150, 170, 4);
        assertIndexed(0, 170, 4);
        assertThatThrownBy(() -> {
            index.close();
            index.lookup("orders", "k1", 0, 1, 1);
        }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recoverAfterADeletedMiddleFileReindexesFromTheGap() throws IOException {
        open();
        putRecords(0, 200, 5);
        List<KeyIndexFile> before = files();
        long resumeAt = before.get(1).endOffset();
        index.close();
        Files.delete(before.get(2).path());

        open();
        assertThat(files()).hasSize(2);
        long from = index.recover(LOG_START, offsetOf(200));
        assertThat(from).isEqualTo(resumeAt);
        putRecords((int) ((from - LOG_START) / RECORD), 200, 5);
        assertIndexed(0, 200, 5);
    }

    @Test
    void recoverAfterADeletedFirstFileStartsOverAtTheLogStart() throws IOException {
        open();
        putRecords(0, 200, 5);
        Path first = files().get(0).path();
        index.close();
        Files.delete(first);

        open();
        assertThat(index.recover(LOG_START, offsetOf(200))).isEqualTo(LOG_START);
        assertThat(files()).isEmpty();
        assertThat(index.indexedEndOffset()).isZero();
        putRecords(0, 200, 5);
        assertIndexed(0, 200, 5);
    }

    @Test
    void recoverAfterACorruptedHeaderDropsThatFileAndTheRest() throws IOException {
        open();
        putRecords(0, 200, 5);
        List<KeyIndexFile> before = files();
        long resumeAt = before.get(2).endOffset();
        index.close();
        KeyIndexFileTest.writeInt(before.get(3).path(), KeyIndexFileLayout.MAGIC_OFFSET, 0);

        open();
        assertThat(files()).hasSize(3);
        assertThat(Files.exists(before.get(4).path())).isFalse();
        long from = index.recover(LOG_START, offsetOf(200));
        assertThat(from).isEqualTo(resumeAt);
        putRecords((int) ((from - LOG_START) / RECORD), 200, 5);
        assertIndexed(0, 200, 5);
    }

    @Test
    void recoverTruncatesAtTheTrustedEnd() {
        open();
        putRecords(0, 200, 5);
        int filesBefore = files().size();
        assertThat(index.recover(LOG_START, offsetOf(77))).isEqualTo(offsetOf(77));
        assertThat(files().size()).isLessThan(filesBefore);
        assertThat(index.indexedEndOffset()).isEqualTo(offsetOf(77));
        assertIndexed(0, 77, 5);
        for (int key = 0; key < 5; key++) {
            assertThat(lookupAll("k" + key)).allMatch(offset -> offset < offsetOf(77));
        }
        putRecords(77, 120, 5);
        assertIndexed(0, 120, 5);
    }

    @Test
    void recoverAtAFileBoundaryDeletesTheFilesFromThere() {
        open();
        putRecords(0, 200, 5);
        long boundary = files().get(2).beginOffset();
        assertThat(index.recover(LOG_START, boundary)).isEqualTo(boundary);
        assertThat(files()).hasSize(2);
        assertThat(index.recover(LOG_START, LOG_START)).isEqualTo(LOG_START);
        assertThat(files()).isEmpty();
    }

    @Test
    void recoverDropsAnIndexThatEndsBeforeTheLogStarts() {
        open();
        putRecords(0, 50, 5);
        assertThat(index.recover(offsetOf(60), offsetOf(80))).isEqualTo(offsetOf(60));
        assertThat(files()).isEmpty();
        assertThatThrownBy(() -> index.recover(10, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recoverAcceptsAnIndexStartingBeforeTheLog() {
        open();
        putRecords(0, 200, 5);
        assertThat(index.recover(offsetOf(100), offsetOf(200))).isEqualTo(offsetOf(200));
        assertIndexed(0, 200, 5);
    }

    @Test
    void openRepairsAnUnsealedTailThatLostEntries() throws IOException {
        open();
        putRecords(0, 100, 5);
        KeyIndexFile tail = files().get(files().size() - 1);
        int lostEntry = tail.entryCount() - 3;
        index.close();
        int position = KeyIndexFileLayout.entryPosition(SLOTS, lostEntry);
        KeyIndexFileTest.writeLong(tail.path(), position + KeyIndexFileLayout.ENTRY_PHYSICAL_OFFSET_OFFSET, 0L);

        open();
        long from = index.recover(LOG_START, offsetOf(100));
        assertThat(from).isLessThan(offsetOf(100)).isGreaterThanOrEqualTo(tail.beginOffset());
        putRecords((int) ((from - LOG_START) / RECORD), 100, 5);
        assertIndexed(0, 100, 5);
    }

    @Test
    void deleteBelowRemovesWholeFilesButKeepsTheNewest() {
        open();
        putRecords(0, 200, 5);
        List<KeyIndexFile> before = files();
        long cut = before.get(2).endOffset();
        index.deleteBelow(cut + RECORD);
        assertThat(files()).hasSize(before.size() - 3);
        assertThat(files().get(0).beginOffset()).isEqualTo(cut);
        assertThat(Files.exists(before.get(2).path())).isFalse();
        for (int key = 0; key < 5; key++) {
            assertThat(lookupAll("k" + key)).isEqualTo(expected((int) ((cut - LOG_START) / RECORD), 200, 5, key));
        }
        index.deleteBelow(Long.MAX_VALUE);
        assertThat(files()).hasSize(1);
        assertThat(index.indexedEndOffset()).isEqualTo(offsetOf(200));
    }

    @Test
    void lookupsDuringPutsSeeOnlyWholeEntriesNewestFirst() throws InterruptedException {
        open();
        int records = 3_000;
        AtomicReference<AssertionError> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (index.indexedEndOffset() < offsetOf(records)) {
                for (int key = 0; key < 3; key++) {
                    List<Long> found = lookupAll("k" + key);
                    for (int i = 0; i < found.size(); i++) {
                        long offset = found.get(i);
                        boolean ok = (offset - LOG_START) % RECORD == 0 && ((offset - LOG_START) / RECORD) % 3 == key
                            && (i == 0 || offset < found.get(i - 1));
                        if (!ok) {
                            failure.compareAndSet(null, new AssertionError("k" + key + " -> " + found));
                        }
                    }
                }
            }
        });
        reader.start();
        putRecords(0, records, 3);
        reader.join();
        assertThat(failure.get()).isNull();
        assertIndexed(0, records, 3);
    }
}
