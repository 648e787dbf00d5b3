package io.wharf.store.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.format.KeyIndexFileLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyIndexFileTest {
    private static final int SLOTS = 4;
    private static final int ENTRIES = 64;
    private static final long BEGIN = 1_000L;
    private static final int RECORD = 100;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private KeyIndexFile newFile() {
        return KeyIndexFile.create(dir.resolve("index"), BEGIN, SLOTS, ENTRIES);
    }

    /** Record i sits at BEGIN + i * RECORD, stamped T0 + i seconds, with key hash i % hashes. */
    private static void putRecords(KeyIndexFile file, int from, int to, int hashes) {
        for (int i = from; i < to; i++) {
            long offset = offsetOf(i);
            file.put(i % hashes, offset, T0 + i * 1000L, offset + RECORD);
        }
    }

    private static long offsetOf(int record) {
        return BEGIN + (long) record * RECORD;
    }

    private static List<Long> lookup(KeyIndexFile file, int hash) {
        return lookup(file, hash, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    private static List<Long> lookup(KeyIndexFile file, int hash, long beginMs, long endMs, int max) {
        List<Long> out = new ArrayList<>();
        file.lookup(hash, beginMs, endMs, max, out);
        return out;
    }

    /** Offsets of the records in [from, to) with key hash {@code hash}, newest first. */
    private static List<Long> expected(int from, int to, int hashes, int hash) {
        List<Long> out = new ArrayList<>();
        for (int i = to - 1; i >= from; i--) {
            if (i % hashes == hash) {
                out.add(offsetOf(i));
            }
        }
        return out;
    }

    @Test
    void lookupsSeparateHashesThatShareSlots() {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 60, 12);
        for (int hash = 0; hash < 12; hash++) {
            assertThat(lookup(file, hash)).as("hash %d", hash).isEqualTo(expected(0, 60, 12, hash));
        }
        assertThat(lookup(file, 12)).isEmpty();
        assertThat(file.entryCount()).isEqualTo(60);
        assertThat(file.endOffset()).isEqualTo(offsetOf(60));
        assertThat(file.beginTimestamp()).isEqualTo(T0);
        assertThat(file.endTimestamp()).isEqualTo(T0 + 59_000L);
    }

    @Test
    void lookupFiltersByTimeAndStopsAtMax() {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 40, 2);
        assertThat(lookup(file, 0, T0 + 10_000L, T0 + 20_000L, 100))
            .containsExactly(offsetOf(20), offsetOf(18), offsetOf(16), offsetOf(14), offsetOf(12), offsetOf(10));
        assertThat(lookup(file, 1, T0, T0 + 39_000L, 3)).containsExactly(offsetOf(39), offsetOf(37), offsetOf(35));
        assertThat(file.overlaps(T0 + 39_000L, Long.MAX_VALUE)).isTrue();
        assertThat(file.overlaps(T0 + 39_001L, Long.MAX_VALUE)).isFalse();
        assertThat(file.overlaps(Long.MIN_VALUE, T0 - 1)).isFalse();
    }

    @Test
    void keysOfOneRecordSharingAHashYieldItOnce() {
        KeyIndexFile file = newFile();
        file.put(5, BEGIN, T0, BEGIN + RECORD);
        file.put(5, BEGIN, T0, BEGIN + RECORD);
        file.put(9, BEGIN + RECORD, T0, BEGIN + 2 * RECORD);
        file.put(5, BEGIN + RECORD, T0, BEGIN + 2 * RECORD);
        assertThat(lookup(file, 5)).containsExactly(BEGIN + RECORD, BEGIN);
    }

    @Test
    void timestampsBeforeTheFirstEntryWidenTheRange() {
        KeyIndexFile file = newFile();
        file.put(1, BEGIN, T0, BEGIN + RECORD);
        file.put(1, BEGIN + RECORD, T0 - 5_000L, BEGIN + 2 * RECORD);
        assertThat(file.beginTimestamp()).isEqualTo(T0 - 5_000L);
        assertThat(lookup(file, 1, T0 - 5_000L, T0 - 5_000L, 10)).containsExactly(BEGIN + RECORD);
    }

    @Test
    void fullnessCountsEntriesAndTimeDeltas() {
        KeyIndexFile file = KeyIndexFile.create(dir.resolve("small"), BEGIN, SLOTS, 3);
        assertThat(file.hasRoomFor(3, T0)).isTrue();
        assertThat(file.hasRoomFor(4, T0)).isFalse();
        file.put(1, BEGIN, T0, BEGIN + RECORD);
        assertThat(file.hasRoomFor(1, T0 + Integer.MAX_VALUE)).isTrue();
        assertThat(file.hasRoomFor(1, T0 + Integer.MAX_VALUE + 1L)).as("delta overflows an int").isFalse();
        assertThat(file.hasRoomFor(1, T0 + Integer.MIN_VALUE - 1L)).isFalse();
        assertThat(file.hasRoomFor(0, T0 + Long.MAX_VALUE / 2)).as("a record without keys always fits").isTrue();
        file.put(2, BEGIN + RECORD, T0, BEGIN + 2 * RECORD);
        file.put(3, BEGIN + 2 * RECORD, T0, BEGIN + 3 * RECORD);
        assertThat(file.isFull()).isTrue();
        assertThatThrownBy(() -> file.put(4, BEGIN + 3 * RECORD, T0, BEGIN + 4 * RECORD))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsRecordsOutOfOrder() {
        KeyIndexFile file = newFile();
        file.put(1, BEGIN + RECORD, T0, BEGIN + 2 * RECORD);
        assertThatThrownBy(() -> file.put(1, BEGIN, T0, BEGIN + RECORD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyIndexFile.create(dir.resolve("x"), 0L, 0, 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncateFromRelinksSlotsToTheKeptEntries() {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 50, 7);
        file.truncateFrom(offsetOf(23));
        assertThat(file.entryCount()).isEqualTo(23);
        assertThat(file.endOffset()).isEqualTo(offsetOf(23));
        for (int hash = 0; hash < 7; hash++) {
            assertThat(lookup(file, hash)).as("hash %d", hash).isEqualTo(expected(0, 23, 7, hash));
        }
        putRecords(file, 23, 40, 7);
        for (int hash = 0; hash < 7; hash++) {
            assertThat(lookup(file, hash)).as("hash %d after refill", hash).isEqualTo(expected(0, 40, 7, hash));
        }
    }

    @Test
    void truncateInsideARecordGapKeepsTheEntriesBelow() {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 10, 3);
        file.advanceEndOffset(offsetOf(20));
        file.truncateFrom(offsetOf(15));
        assertThat(file.entryCount()).isEqualTo(10);
        assertThat(file.endOffset()).isEqualTo(offsetOf(15));
        file.truncateFrom(offsetOf(30));
        assertThat(file.endOffset()).as("truncating past the end changes nothing").isEqualTo(offsetOf(15));
    }

    @Test
    void truncateAtTheBeginEmptiesTheFileAndResetsTheTimeBase() {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 10, 3);
        file.seal();
        file.truncateFrom(BEGIN);
        assertThat(file.entryCount()).isZero();
        assertThat(file.endOffset()).isEqualTo(BEGIN);
        assertThat(file.isSealed()).isFalse();
        for (int hash = 0; hash < 3; hash++) {
            assertThat(lookup(file, hash)).isEmpty();
        }
        long later = T0 + 100L * Integer.MAX_VALUE;
        file.put(2, BEGIN, later, BEGIN + RECORD);
        assertThat(lookup(file, 2, later, later, 10)).containsExactly(BEGIN);
    }

    @Test
    void sealedFileReloadsUnchanged() {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 30, 5);
        file.seal();
        assertThat(file.isFull()).isTrue();
        assertThatThrownBy(() -> file.advanceEndOffset(offsetOf(31))).isInstanceOf(IllegalStateException.class);

        KeyIndexFile reloaded = KeyIndexFile.load(file.path(), BEGIN).orElseThrow();
        assertThat(reloaded.isSealed()).isTrue();
        assertThat(reloaded.entryCount()).isEqualTo(30);
        assertThat(reloaded.endOffset()).isEqualTo(offsetOf(30));
        assertThat(reloaded.beginTimestamp()).isEqualTo(T0);
        for (int hash = 0; hash < 5; hash++) {
            assertThat(lookup(reloaded, hash)).isEqualTo(expected(0, 30, 5, hash));
        }
    }

    @Test
    void loadRefusesForeignOrMisnamedFiles() throws IOException {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 3, 2);
        file.force();
        assertThat(KeyIndexFile.load(file.path(), BEGIN + 1)).as("name disagrees with header").isEmpty();

        Path stub = Files.write(dir.resolve("stub"), new byte[10]);
        assertThat(KeyIndexFile.load(stub, 0L)).isEmpty();

        writeInt(file.path(), KeyIndexFileLayout.MAGIC_OFFSET, 0xCAFEBABE);
        assertThat(KeyIndexFile.load(file.path(), BEGIN)).isEmpty();
    }

    @Test
    void repairKeepsThePlausiblePrefixAndRebuildsTheChains() throws IOException {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 20, 3);
        file.force();
        // Entry 13 (record 12) never reached the disk, and a slot head points past the entry count.
        int entry13 = KeyIndexFileLayout.entryPosition(SLOTS, 13);
        writeLong(file.path(), entry13 + KeyIndexFileLayout.ENTRY_PHYSICAL_OFFSET_OFFSET, 0L);
        writeInt(file.path(), KeyIndexFileLayout.slotPosition(0), 63);

        KeyIndexFile reloaded = KeyIndexFile.load(file.path(), BEGIN).orElseThrow();
        reloaded.repair();
        // Record 11 is dropped too: its other keys might have been lost with entry 13.
        assertThat(reloaded.entryCount()).isEqualTo(11);
        assertThat(reloaded.endOffset()).isEqualTo(offsetOf(11));
        assertThat(reloaded.endTimestamp()).isEqualTo(T0 + 10_000L);
        for (int hash = 0; hash < 3; hash++) {
            assertThat(lookup(reloaded, hash)).isEqualTo(expected(0, 11, 3, hash));
        }
    }

    @Test
    void repairOfAnIntactFileChangesNothing() {
        KeyIndexFile file = newFile();
        putRecords(file, 0, 20, 3);
        file.repair();
        assertThat(file.entryCount()).isEqualTo(20);
        assertThat(file.endOffset()).isEqualTo(offsetOf(20));
        for (int hash = 0; hash < 3; hash++) {
            assertThat(lookup(file, hash)).isEqualTo(expected(0, 20, 3, hash));
        }
    }

    static void writeInt(Path path, long position, int value) throws IOException {
        write(path, position, ByteBuffer.allocate(4).putInt(0, value));
    }

    static void writeLong(Path path, long position, long value) throws IOException {
        write(path, position, ByteBuffer.allocate(8).putLong(0, value));
    }

    private static void write(Path path, long position, ByteBuffer bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.write(bytes, position);
        }
    }
}
