package io.wharf.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecordLayoutTest {
    private static final long INDEX = 42L;
    private static final long TERM = 7L;
    private static final long PHYSICAL = 123_456_789L;
    private static final long QUEUE_OFFSET = 9L;
    private static final long STORED_AT = 1_700_000_000_123L;

    private static RecordContent content(String topic, String host, Map<String, String> properties, byte[] body) {
        return new RecordContent(topic, 3, 0x0102, 1_699_999_999_000L, host, 2, 77L, properties, body);
    }

    private static RecordContent unicode() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("TAGS", "标签-Ω");
        props.put("名前", "値 🎉 \u0000 end");
        props.put("", "empty key");
        props.put("empty value", "");
        return content("订单-Ω-🚀", "主机.例:5000", props, "héllo wörld — 你好 🚀".getBytes(StandardCharsets.UTF_8));
    }

    /** Encodes, stamps and seals {@code c} at {@code base} of a buffer with {@code slack} zero bytes after it. */
    private static ByteBuffer placed(RecordContent c, int base, int slack) {
        ByteBuffer scratch = ByteBuffer.allocate(base + (1 << 20));
        scratch.position(base);
        RecordLayout.encode(scratch, c);
        int length = scratch.position() - base;
        RecordLayout.stamp(scratch, base, INDEX, TERM, PHYSICAL, QUEUE_OFFSET, STORED_AT);
        RecordLayout.seal(scratch, base);
        ByteBuffer out = ByteBuffer.allocate(base + length + slack);
        out.put(0, scratch, 0, base + length);
        return out;
    }

    private static void assertRoundTrip(RecordContent c) {
        ByteBuffer buf = placed(c, 100, 0);
        int length = RecordLayout.length(buf, 100);
        assertThat(buf.limit()).isEqualTo(100 + length);
        assertThat(length).isEqualTo(RecordLayout.recordLength(c.topic().getBytes(StandardCharsets.UTF_8).length,
            c.bornHost().getBytes(StandardCharsets.UTF_8).length, PropertiesCodec.encodedLength(c.properties()),
            c.body().length));
        assertThat(RecordLayout.check(buf, 100)).isEqualTo(RecordCheck.VALID);

        DecodedRecord d = RecordLayout.decode(buf, 100);
        assertThat(d.content()).usingRecursiveComparison().isEqualTo(c);
        assertThat(d.properties()).containsExactlyEntriesOf(c.properties());
        assertThat(d.logIndex()).isEqualTo(INDEX);
        assertThat(d.term()).isEqualTo(TERM);
        assertThat(d.physicalOffset()).isEqualTo(PHYSICAL);
        assertThat(d.queueOffset()).isEqualTo(QUEUE_OFFSET);
        assertThat(d.storeTimestampMs()).isEqualTo(STORED_AT);

        assertThat(RecordLayout.logIndex(buf, 100)).isEqualTo(INDEX);
        assertThat(RecordLayout.term(buf, 100)).isEqualTo(TERM);
        assertThat(RecordLayout.physicalOffset(buf, 100)).isEqualTo(PHYSICAL);
        assertThat(RecordLayout.queueOffset(buf, 100)).isEqualTo(QUEUE_OFFSET);
        assertThat(RecordLayout.queueId(buf, 100)).isEqualTo(c.queueId());
        assertThat(RecordLayout.storeTimestamp(buf, 100)).isEqualTo(STORED_AT);
        assertThat(RecordLayout.topic(buf, 100)).isEqualTo(c.topic());
        assertThat(RecordLayout.properties(buf, 100)).containsExactlyEntriesOf(c.properties());
    }

    @Test
    void unicodeRecordRoundTrips() {
        assertRoundTrip(unicode());
    }

    @Test
    void emptyBodyHostAndPropertiesRoundTrip() {
        RecordContent c = content("t", "", Map.of(), new byte[0]);
        assertRoundTrip(c);
        assertThat(RecordLayout.length(placed(c, 0, 0), 0)).isEqualTo(RecordLayout.HEADER_LENGTH + 1 + 2);
    }

    @Test
    void manyPropertiesRoundTripInOrder() {
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 2000; i > 0; i--) {
            props.put("key-" + i, "value-" + i + "-é");
        }
        assertRoundTrip(content("many", "h", props, new byte[] {1, 2, 3}));
    }

    @Test
    void longestTopicAndHostAreAcceptedAndOneMoreByteIsNot() {
        assertRoundTrip(content("t".repeat(255), "h".repeat(255), Map.of(), new byte[10]));
        ByteBuffer dst = ByteBuffer.allocate(4096);
        assertThatThrownBy(() -> RecordLayout.encode(dst, content("t".repeat(256), "", Map.of(), new byte[0])))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordLayout.encode(dst, content("é".repeat(128), "", Map.of(), new byte[0])))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordLayout.encode(dst, content("", "", Map.of(), new byte[0])))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordLayout.encode(dst, content("t", "h".repeat(256), Map.of(), new byte[0])))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flippedByteAnywhereIsCorrupt() {
        for (int slack : new int[] {0, 64 * 1024}) {
            ByteBuffer good = placed(unicode(), 64, slack);
            int length = RecordLayout.length(good, 64);
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                for (int i = 0; i < length; i++) {
                    ByteBuffer bad = copyOf(good);
                    bad.put(64 + i, (byte) (bad.get(64 + i) ^ mask));
                    assertThat(RecordLayout.check(bad, 64))
                        .as("byte %d of %d xor 0x%x, %d bytes of slack", i, length, mask, slack)
                        .isEqualTo(RecordCheck.CORRUPT);
                }
            }
        }
    }

    @Test
    void bufferEndingInsideTheRecordIsTruncated() {
        ByteBuffer good = placed(unicode(), 16, 0);
        int length = RecordLayout.length(good, 16);
        for (int cut = 0; cut < length; cut++) {
            ByteBuffer shortened = copyOf(good).limit(16 + cut);
            assertThat(RecordLayout.check(shortened, 16)).as("cut after %d of %d bytes", cut, length)
                .isEqualTo(RecordCheck.TRUNCATED);
        }
    }

    @Test
    void zeroesAreEndOfData() {
        ByteBuffer zeroes = ByteBuffer.allocate(4096);
        for (int base : new int[] {0, 1, 100, 4096 - RecordLayout.HEADER_LENGTH, 4096 - 8}) {
            assertThat(RecordLayout.check(zeroes, base)).isEqualTo(RecordCheck.END_OF_DATA);
        }
    }

    @Test
    void endOfSegmentMarkerFillingTheRestIsRecognisedAndAnyOtherLengthIsCorrupt() {
        ByteBuffer segment = ByteBuffer.allocate(4096);
        RecordLayout.writeEndOfSegment(segment, 1000, 3096);
        assertThat(RecordLayout.check(segment, 1000)).isEqualTo(RecordCheck.END_OF_SEGMENT);

        ByteBuffer minimal = ByteBuffer.allocate(4096);
        RecordLayout.writeEndOfSegment(minimal, 4096 - RecordLayout.END_OF_SEGMENT_MIN_LENGTH,
            RecordLayout.END_OF_SEGMENT_MIN_LENGTH);
        assertThat(RecordLayout.check(minimal, 4088)).isEqualTo(RecordCheck.END_OF_SEGMENT);

        ByteBuffer tooShort = ByteBuffer.allocate(4096);
        RecordLayout.writeEndOfSegment(tooShort, 1000, 3095);
        assertThat(RecordLayout.check(tooShort, 1000)).isEqualTo(RecordCheck.CORRUPT);
        ByteBuffer tooLong = ByteBuffer.allocate(4096);
        RecordLayout.writeEndOfSegment(tooLong, 1000, 3097);
        assertThat(RecordLayout.check(tooLong, 1000)).isEqualTo(RecordCheck.CORRUPT);
    }

    @Test
    void recordFollowedByAnotherIsCheckedOnItsOwnBytes() {
        ByteBuffer first = placed(unicode(), 0, 0);
        int length = first.limit();
        ByteBuffer two = ByteBuffer.allocate(2 * length + 8);
        two.put(0, first, 0, length).put(length, first, 0, length);
        assertThat(RecordLayout.check(two, 0)).isEqualTo(RecordCheck.VALID);
        assertThat(RecordLayout.check(two, length)).isEqualTo(RecordCheck.VALID);
        assertThat(RecordLayout.check(two, 2 * length)).isEqualTo(RecordCheck.END_OF_DATA);
    }

    private static ByteBuffer copyOf(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.capacity());
        c.put(0, b, 0, b.limit());
        return c.limit(b.limit());
    }
}
