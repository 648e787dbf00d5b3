package io.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageIdsTest {
    @Test
    void anOffsetIdIsSixteenUpperCaseHexDigitsAndParsesBack() {
        assertThat(MessageIds.offsetId(0x1F2EL)).isEqualTo("0000000000001F2E");
        assertThat(MessageIds.offsetId(-1L)).isEqualTo("FFFFFFFFFFFFFFFF");
        assertThat(MessageIds.parseOffsetId("0000000000001F2E")).isEqualTo(0x1F2EL);
        assertThat(MessageIds.parseOffsetId(MessageIds.offsetId(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aMalformedOffsetIdIsRefusedWithTheRule() {
        for (String bad : new String[] {"1F2E", "000000000000001G", "00000000000000001", ""}) {
            assertThatThrownBy(() -> MessageIds.parseOffsetId(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 hex digits");
        }
    }

    @Test
    void aUniqueIdIsThirtyTwoHexDigits() {
        byte[] b = new byte[16];
        b[15] = (byte) 0xAB;
        assertThat(MessageIds.uniqueId(b)).hasSize(32).endsWith("AB");
        assertThatThrownBy(() -> MessageIds.uniqueId(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }
}
