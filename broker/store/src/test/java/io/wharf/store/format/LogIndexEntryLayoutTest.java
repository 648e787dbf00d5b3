package io.wharf.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogIndexEntryLayoutTest {
    @Test
    void entryRoundTripsAtAnyBase() {
        ByteBuffer entry = ByteBuffer.allocate(LogIndexEntryLayout.ENTRY_LENGTH);
        LogIndexEntryLayout.write(entry, Long.MAX_VALUE - 5, Integer.MAX_VALUE);
        ByteBuffer file = ByteBuffer.allocate(120);
        file.put(LogIndexEntryLayout.ENTRY_LENGTH * 7, entry, 0, LogIndexEntryLayout.ENTRY_LENGTH);
        int base = LogIndexEntryLayout.ENTRY_LENGTH * 7;
        assertThat(LogIndexEntryLayout.physicalOffset(file, base)).isEqualTo(Long.MAX_VALUE - 5);
        assertThat(LogIndexEntryLayout.length(file, base)).isEqualTo(Integer.MAX_VALUE);
        assertThat(LogIndexEntryLayout.physicalOffset(file, 0)).isZero();
    }

    @Test
    void recordAtOffsetZeroIsStillANonZeroEntry() {
        ByteBuffer entry = ByteBuffer.allocate(LogIndexEntryLayout.ENTRY_LENGTH);
        LogIndexEntryLayout.write(entry, 0L, RecordLayout.HEADER_LENGTH + 1);
        assertThat(entry.getInt(LogIndexEntryLayout.LENGTH_OFFSET)).isPositive();
        assertThat(LogIndexEntryLayout.physicalOffset(entry, 0)).isZero();
    }
}
