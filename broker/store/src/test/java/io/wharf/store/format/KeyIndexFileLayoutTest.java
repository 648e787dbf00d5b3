package io.wharf.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class KeyIndexFileLayoutTest {
    private static final int SLOTS = 4;
    private static final int ENTRIES = 8;
    private static final int SIZE = (int) KeyIndexFileLayout.fileSize(SLOTS, ENTRIES);

    @Test
    void fileSizeIsHeaderPlusSlotsPlusEntries() {
        assertThat(KeyIndexFileLayout.fileSize(SLOTS, ENTRIES)).isEqualTo(64 + 4 * 4 + 8 * 20);
        assertThat(KeyIndexFileLayout.fileSize(1_000_000, 4_000_000)).isEqualTo(64L + 4_000_000L + 80_000_000L);
    }

    @Test
    void headerRoundTrips() {
        ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
        KeyIndexFileLayout.writeEmptyHeader(buf, SLOTS, ENTRIES, 4096L);
        assertThat(KeyIndexFileLayout.magic(buf)).isEqualTo(KeyIndexFileLayout.MAGIC);
        assertThat(KeyIndexFileLayout.slotCount(buf)).isEqualTo(SLOTS);
        assertThat(KeyIndexFileLayout.entryCapacity(buf)).isEqualTo(ENTRIES);
        assertThat(KeyIndexFileLayout.entryCount(buf)).isZero();
        assertThat(KeyIndexFileLayout.beginOffset(buf)).isEqualTo(4096L);
        assertThat(KeyIndexFileLayout.endOffset(buf)).isEqualTo(4096L);
        assertThat(KeyIndexFileLayout.isSealed(buf)).isFalse();

        KeyIndexFileLayout.entryCount(buf, 3);
        KeyIndexFileLayout.endOffset(buf, 9000L);
        KeyIndexFileLayout.timeBase(buf, 1_700_000_000_000L);
        KeyIndexFileLayout.beginTimestamp(buf, 1_699_999_999_000L);
        KeyIndexFileLayout.endTimestamp(buf, 1_700_000_123_000L);
        KeyIndexFileLayout.sealed(buf, true);

        assertThat(KeyIndexFileLayout.entryCount(buf)).isEqualTo(3);
        assertThat(KeyIndexFileLayout.endOffset(buf)).isEqualTo(9000L);
        assertThat(KeyIndexFileLayout.timeBase(buf)).isEqualTo(1_700_000_000_000L);
        assertThat(KeyIndexFileLayout.beginTimestamp(buf)).isEqualTo(1_699_999_999_000L);
        assertThat(KeyIndexFileLayout.endTimestamp(buf)).isEqualTo(1_700_000_123_000L);
        assertThat(KeyIndexFileLayout.isSealed(buf)).isTrue();
        assertThat(KeyIndexFileLayout.isValidHeader(buf, SIZE)).isTrue();

        KeyIndexFileLayout.sealed(buf, false);
        assertThat(KeyIndexFileLayout.isSealed(buf)).isFalse();
    }

    @Test
    void slotHeadsAndEntriesRoundTrip() {
        ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
        KeyIndexFileLayout.writeEmptyHeader(buf, SLOTS, ENTRIES, 0L);
        int first = KeyIndexFileLayout.entryPosition(SLOTS, 1);
        int last = KeyIndexFileLayout.entryPosition(SLOTS, ENTRIES);
        assertThat(first).isEqualTo(64 + SLOTS * 4);
        assertThat(last + KeyIndexFileLayout.ENTRY_LENGTH).isEqualTo(SIZE);

        KeyIndexFileLayout.writeEntry(buf, last, -7, 1L << 40, -123, 5);
        assertThat(KeyIndexFileLayout.entryKeyHash(buf, last)).isEqualTo(-7);
        assertThat(KeyIndexFileLayout.entryPhysicalOffset(buf, last)).isEqualTo(1L << 40);
        assertThat(KeyIndexFileLayout.entryTimeDelta(buf, last)).isEqualTo(-123);
        assertThat(KeyIndexFileLayout.entryPrevious(buf, last)).isEqualTo(5);

        KeyIndexFileLayout.slotHead(buf, SLOTS - 1, ENTRIES);
        assertThat(KeyIndexFileLayout.slotHead(buf, SLOTS - 1)).isEqualTo(ENTRIES);
        assertThat(KeyIndexFileLayout.slotHead(buf, 0)).isEqualTo(KeyIndexFileLayout.NO_ENTRY);

        KeyIndexFileLayout.clearSlots(buf, SLOTS);
        KeyIndexFileLayout.clearEntries(buf, SLOTS, ENTRIES, ENTRIES + 1);
        assertThat(KeyIndexFileLayout.slotHead(buf, SLOTS - 1)).isZero();
        assertThat(KeyIndexFileLayout.entryPhysicalOffset(buf, last)).isZero();
        assertThat(KeyIndexFileLayout.slotCount(buf)).isEqualTo(SLOTS);
    }

    @Test
    void rejectsDamagedHeaders() {
        ByteBuffer buf = ByteBuffer.allocateDirect(SIZE);
        KeyIndexFileLayout.writeEmptyHeader(buf, SLOTS, ENTRIES, 100L);
        assertThat(KeyIndexFileLayout.isValidHeader(buf, SIZE)).isTrue();
        assertThat(KeyIndexFileLayout.isValidHeader(buf, SIZE - 1)).as("size mismatch").isFalse();

        KeyIndexFileLayout.entryCount(buf, ENTRIES + 1);
        assertThat(KeyIndexFileLayout.isValidHeader(buf, SIZE)).as("count beyond capacity").isFalse();
        KeyIndexFileLayout.entryCount(buf, 0);

        KeyIndexFileLayout.endOffset(buf, 99L);
        assertThat(KeyIndexFileLayout.isValidHeader(buf, SIZE)).as("end before begin").isFalse();
        KeyIndexFileLayout.endOffset(buf, 100L);

        buf.putInt(KeyIndexFileLayout.MAGIC_OFFSET, 0x57485201);
        assertThat(KeyIndexFileLayout.isValidHeader(buf, SIZE)).as("foreign magic").isFalse();
        assertThat(KeyIndexFileLayout.isValidHeader(ByteBuffer.allocate(SIZE), SIZE)).as("zeroes").isFalse();
    }

    @Test
    void keyHashIsTheStringHashOfTopicHashKey() {
        assertThat(KeyIndexFileLayout.keyHash("orders", "order-42")).isEqualTo("orders#order-42".hashCode());
        assertThat(KeyIndexFileLayout.keyHash("", "")).isEqualTo("#".hashCode());
        assertThat(KeyIndexFileLayout.keyHash("a#b", "c")).isEqualTo(KeyIndexFileLayout.keyHash("a", "b#c"));
        assertThat(KeyIndexFileLayout.keyHash("t1", "k")).isNotEqualTo(KeyIndexFileLayout.keyHash("t2", "k"));
    }

    @Test
    void slotsStayInRangeForAnyHash() {
        for (int hash : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x10000, -0x10000}) {
            assertThat(KeyIndexFileLayout.slotOf(hash, 7)).isBetween(0, 6);
            assertThat(KeyIndexFileLayout.slotOf(hash, 1_000_000)).isBetween(0, 999_999);
        }
    }
}
