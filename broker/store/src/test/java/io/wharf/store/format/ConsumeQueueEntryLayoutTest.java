package io.wharf.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConsumeQueueEntryLayoutTest {
    @Test
    void entryRoundTripsAtAnyBase() {
        ByteBuffer entry = ByteBuffer.allocate(ConsumeQueueEntryLayout.ENTRY_LENGTH);
        ConsumeQueueEntryLayout.write(entry, (5L << 32) + 3, 70_000, -2L);
        ByteBuffer file = ByteBuffer.allocate(200);
        file.put(60, entry, 0, ConsumeQueueEntryLayout.ENTRY_LENGTH);
        assertThat(ConsumeQueueEntryLayout.commitLogOffset(file, 60)).isEqualTo((5L << 32) + 3);
        assertThat(ConsumeQueueEntryLayout.size(file, 60)).isEqualTo(70_000);
        assertThat(ConsumeQueueEntryLayout.tagHash(file, 60)).isEqualTo(-2L);
    }

    @Test
    void firstRecordWithoutTagIsStillANonZeroEntry() {
        ByteBuffer entry = ByteBuffer.allocate(ConsumeQueueEntryLayout.ENTRY_LENGTH);
        ConsumeQueueEntryLayout.write(entry, 0L, RecordLayout.HEADER_LENGTH + 1, ConsumeQueueEntryLayout.tagHash(null));
        boolean allZero = true;
        for (int i = 0; i < ConsumeQueueEntryLayout.ENTRY_LENGTH; i++) {
            allZero &= entry.get(i) == 0;
        }
        assertThat(allZero).isFalse();
    }

    @Test
    void tagHashIsZeroOnlyWithoutATag() {
        assertThat(ConsumeQueueEntryLayout.tagHash(null)).isZero();
        assertThat(ConsumeQueueEntryLayout.tagHash("")).isZero();
        assertThat(ConsumeQueueEntryLayout.tagHash("TagA")).isEqualTo("TagA".hashCode())
            .isNotEqualTo(ConsumeQueueEntryLayout.tagHash("TagB"));
    }
}
