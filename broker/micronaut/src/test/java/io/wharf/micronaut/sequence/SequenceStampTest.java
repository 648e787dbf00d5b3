package io.wharf.micronaut.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.OutgoingMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequenceStampTest {
    @Test
    void stamperNumbersEachStreamFromOneAndKeepsAnExistingStamp() {
        SequenceStamper stamper = new SequenceStamper("svc");
        OutgoingMessage a1 = stamper.stamp(OutgoingMessage.to("t").tag("A").payload("x").build());
        OutgoingMessage a2 = stamper.stamp(OutgoingMessage.to("t").tag("A").payload("x").build());
        OutgoingMessage b1 = stamper.stamp(OutgoingMessage.to("t").tag("B").payload("x").build());
        assertThat(SequenceStamp.of(a1.properties())).contains(new SequenceStamp(stamper.producerId(), 1));
        assertThat(SequenceStamp.of(a2.properties())).contains(new SequenceStamp(stamper.producerId(), 2));
        assertThat(SequenceStamp.of(b1.properties())).contains(new SequenceStamp(stamper.producerId(), 1));
        assertThat(stamper.stamp(a1)).isSameAs(a1);
        assertThat(stamper.producerId()).startsWith("svc-");
    }

    @Test
    void malformedStampsAreIgnoredAndMarkersRecognised() {
        assertThat(SequenceStamp.of(Map.of(SequenceStamp.PRODUCER, "p", SequenceStamp.NUMBER, "x"))).isEmpty();
        assertThat(SequenceStamp.of(Map.of(SequenceStamp.PRODUCER, "p", SequenceStamp.NUMBER, "0"))).isEmpty();
        OutgoingMessage marker = SequenceStamper.skipMarker("t", "A", "k", new SequenceStamp("p", 9));
        assertThat(SequenceStamp.isSkipMarker(marker.properties())).isTrue();
        assertThat(SequenceStamp.of(marker.properties())).contains(new SequenceStamp("p", 9));
    }

    @Test
    void halfTokensCarryTheSequenceAndOldTokensStillParse() {
        HalfMessage plain = new HalfMessage("ABC", 0x1f);
        assertThat(HalfMessage.parse(plain.token())).isEqualTo(plain);
        assertThat(HalfMessage.parse("ABC:1f")).isEqualTo(plain);
        HalfMessage stamped = new HalfMessage("ABC", 0x1f, new HalfMessage.Sequenced("svc-01", 7, "t", "A"));
        assertThat(stamped.token()).isEqualTo("ABC:1f|svc-01|7|t|A");
        assertThat(HalfMessage.parse(stamped.token())).isEqualTo(stamped);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HalfMessage.parse("ABC:1f|x"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
