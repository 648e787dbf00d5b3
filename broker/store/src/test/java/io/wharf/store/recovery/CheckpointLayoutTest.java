package io.wharf.store.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.store.log.LogPosition;
import io.wharf.store.queue.QueueKey;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CheckpointLayoutTest {
    private static Checkpoint sample() {
        Map<QueueKey, Long> queues = new LinkedHashMap<>();
        queues.put(new QueueKey("orders", 0), 17L);
        queues.put(new QueueKey("orders", 3), 0L);
        queues.put(new QueueKey("%RETRY%group-A", 1), Long.MAX_VALUE);
        queues.put(new QueueKey("订单-🚀", 7), 123_456_789_012L);
        return new Checkpoint(new LogPosition(3L << 30, 99_999L, 5L), new LogPosition(1L << 30, 42L, 4L), 99_000L,
            1_700_000_000_000L, queues);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void checkpointRoundTrips() {
        Checkpoint c = sample();
        Checkpoint decoded = CheckpointLayout.decode(CheckpointLayout.encode(c));
        assertThat(decoded).usingRecursiveComparison().isEqualTo(c);
        assertThat(decoded.queueOffsets()).containsExactlyEntriesOf(c.queueOffsets());

        Checkpoint empty = new Checkpoint(LogPosition.START, LogPosition.START, 0L, 0L, Map.of());
        ByteBuffer encoded = CheckpointLayout.encode(empty);
        assertThat(encoded.remaining()).isEqualTo(CheckpointLayout.FIXED_LENGTH + 4);
        assertThat(CheckpointLayout.decode(encoded)).usingRecursiveComparison().isEqualTo(empty);
    }

    @Test
    void decodesFromTheBufferPosition() {
        byte[] encoded = bytes(CheckpointLayout.encode(sample()));
        ByteBuffer padded = ByteBuffer.allocate(encoded.length + 10);
        padded.position(10).put(encoded).position(10);
        assertThat(CheckpointLayout.decode(padded)).usingRecursiveComparison().isEqualTo(sample());
    }

    @Test
    void everyFlippedByteIsRejected() {
        byte[] good = bytes(CheckpointLayout.encode(sample()));
        for (int i = 0; i < good.length; i++) {
            for (int mask : new int[] {0x01, 0xFF}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) mask;
                int at = i;
                assertThatThrownBy(() -> CheckpointLayout.decode(ByteBuffer.wrap(bad))).as("byte %d", at)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRC");
            }
        }
    }

    @Test
    void shortForeignAndInconsistentFilesAreRejected() {
        byte[] good = bytes(CheckpointLayout.encode(sample()));
        for (int cut = 0; cut < good.length; cut++) {
            ByteBuffer shortened = ByteBuffer.wrap(good, 0, cut);
            assertThatThrownBy(() -> CheckpointLayout.decode(shortened)).isInstanceOf(IllegalArgumentException.class);
        }

        byte[] foreign = good.clone();
        ByteBuffer.wrap(foreign).putInt(0, 0xCAFEBABE);
        resealed(foreign);
        assertThatThrownBy(() -> CheckpointLayout.decode(ByteBuffer.wrap(foreign)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a checkpoint");

        byte[] overrun = good.clone();
        ByteBuffer.wrap(overrun).putInt(CheckpointLayout.QUEUE_COUNT_OFFSET, 1000);
        resealed(overrun);
        assertThatThrownBy(() -> CheckpointLayout.decode(ByteBuffer.wrap(overrun)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /** Recomputes the trailing CRC, as a buggy or foreign writer would have. */
    private static void resealed(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
    }
}
