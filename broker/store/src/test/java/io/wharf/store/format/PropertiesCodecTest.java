package io.wharf.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PropertiesCodecTest {
    /** Characters from every UTF-8 length class, plus both halves of a surrogate pair on their own. */
    private static final char[] POOL = {'a', 'Z', '0', ' ', '\u0000', '\u007f', '\u0080', 'é', '\u07ff', '\u0800',
        '中', '\ufffd', '\uffff', '\ud83d', '\ude80', '\ud800', '\udbff', '\udc00', '\udfff'};

    private static ByteBuffer encode(Map<String, String> props) {
        ByteBuffer buf = ByteBuffer.allocate(PropertiesCodec.encodedLength(props) + 64);
        buf.position(13);
        PropertiesCodec.encode(props, buf);
        return buf;
    }

    private static void assertLengthMatchesBytesWritten(Map<String, String> props) {
        ByteBuffer buf = encode(props);
        assertThat(buf.position() - 13).as("bytes written for %s", props)
            .isEqualTo(PropertiesCodec.encodedLength(props));
    }

    @Test
    void roundTripKeepsEntriesAndOrder() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("zeta", "last letter first");
        props.put("KEYS", "k1 k2 k3");
        props.put("名前", "値 🎉");
        props.put("", "");
        props.put("alpha", "x".repeat(70_000));
        ByteBuffer buf = encode(props);
        Map<String, String> decoded = PropertiesCodec.decode(buf.flip().position(13));
        assertThat(decoded).containsExactlyEntriesOf(props);
        assertThat(PropertiesCodec.decode(encode(Map.of()).flip().position(13))).isEmpty();
    }

    @Test
    void unpairedSurrogatesAreCountedAsTheBytesTheEncoderWrites() {
        List<String> tricky = List.of("\ud800", "\udc00", "a\ud800b", "a\udc00b", "\ud800\ud800\udc00",
            "\udc00\ud800", "end\ud83d", "\ud83d\ude80", "\ude80\ud83d", "\ud83d\ude80\ud83d", "");
        for (String s : tricky) {
            assertLengthMatchesBytesWritten(Map.of(s, s));
            assertLengthMatchesBytesWritten(Map.of("k", s));
        }
        Map<String, String> decoded = PropertiesCodec.decode(encode(Map.of("k", "a\ud800b")).flip().position(13));
        assertThat(decoded).containsEntry("k", "a?b");
    }

    @Test
    void encodedLengthMatchesBytesWrittenForRandomStrings() {
        Random random = new Random(20240611L);
        for (int round = 0; round < 5_000; round++) {
            Map<String, String> props = new HashMap<>();
            int entries = random.nextInt(6);
            for (int e = 0; e < entries; e++) {
                props.put(randomString(random), randomString(random));
            }
            assertLengthMatchesBytesWritten(props);
            Map<String, String> lossy = new LinkedHashMap<>();
            props.forEach((k, v) -> lossy.put(utf8RoundTrip(k), utf8RoundTrip(v)));
            ByteBuffer buf = encode(props);
            assertThat(PropertiesCodec.decode(buf.flip().position(13))).containsExactlyEntriesOf(lossy);
        }
    }

    /** What a string becomes after UTF-8 encoding: unpaired surrogates turn into '?'. */
    private static String utf8RoundTrip(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(POOL[random.nextInt(POOL.length)]);
        }
        return sb.toString();
    }

    @Test
    void malformedSectionsAreRejectedWithIllegalArgument() {
        assertThatThrownBy(() -> PropertiesCodec.decode(ByteBuffer.allocate(1)))
            .isInstanceOf(IllegalArgumentException.class);

        ByteBuffer one = encode(Map.of("key", "value")).flip().position(13);
        ByteBuffer claimsTwo = ByteBuffer.allocate(one.remaining());
        claimsTwo.put(one.duplicate()).flip();
        claimsTwo.putShort(0, (short) 2);
        assertThatThrownBy(() -> PropertiesCodec.decode(claimsTwo)).isInstanceOf(IllegalArgumentException.class);

        for (int cut = 0; cut < one.remaining(); cut++) {
            ByteBuffer shortened = one.duplicate().limit(one.position() + cut);
            int at = cut;
            assertThatThrownBy(() -> PropertiesCodec.decode(shortened)).as("cut after %d bytes", at)
                .isInstanceOf(IllegalArgumentException.class);
        }

        ByteBuffer negativeValue = ByteBuffer.allocate(2 + 2 + 1 + 4);
        negativeValue.putShort((short) 1).putShort((short) 1).put((byte) 'k').putInt(-1).flip();
        assertThatThrownBy(() -> PropertiesCodec.decode(negativeValue)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsAreEnforcedBeforeWriting() {
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= PropertiesCodec.MAX_ENTRIES; i++) {
            tooMany.put(Integer.toString(i), "");
        }
        assertThatThrownBy(() -> PropertiesCodec.encodedLength(tooMany)).isInstanceOf(IllegalArgumentException.class);
        String longKey = "é".repeat(PropertiesCodec.MAX_KEY_BYTES / 2 + 1);
        assertThat(longKey.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(PropertiesCodec.MAX_KEY_BYTES);
        assertThatThrownBy(() -> PropertiesCodec.encodedLength(Map.of(longKey, "v")))
            .isInstanceOf(IllegalArgumentException.class);
        assertLengthMatchesBytesWritten(Map.of("k".repeat(PropertiesCodec.MAX_KEY_BYTES), "v"));
    }
}
