package io.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.ExpressionType;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.LockQueuesRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.PullStatus;
import io.wharf.protocol.body.SendBatchRequest;
import io.wharf.protocol.body.SendRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BodyRoundTripTest {
    private static final WireMessage MSG = new WireMessage("orders", 0, 123L,
        Map.of(PropertyNames.TAGS, "paid", PropertyNames.KEYS, "o-1 o-2", "user", "\u00e9t\u00e9 \uD83D\uDE80"),
        "hello".getBytes(StandardCharsets.UTF_8));

    @Test
    void sendBodiesRoundTrip() {
        SendRequest s = new SendRequest("pg", -1, MSG);
        SendRequest back = SendRequest.decode(new WireReader(s.toBuffer()));
        assertThat(back.producerGroup()).isEqualTo("pg");
        assertThat(back.message().properties()).isEqualTo(MSG.properties());
        assertThat(back.message().body()).isEqualTo(MSG.body());
        SendBatchRequest b = new SendBatchRequest("pg", 2, List.of(MSG, MSG));
        assertThat(SendBatchRequest.decode(new WireReader(b.toBuffer())).messages()).hasSize(2);
    }

    @Test
    void pullResponseAndGroupBodiesRoundTrip() {
        ReceivedMessage m = new ReceivedMessage("t", 1, 2L, 3L, 4L, 5L, "h:1", 0, 0, Map.of("k", "v"), new byte[3]);
        PullResponse p = new PullResponse(PullStatus.FOUND, 3L, 0L, 3L, List.of(m));
        PullResponse back = PullResponse.decode(new WireReader(p.toBuffer()));
        assertThat(back.messages()).hasSize(1);
        assertThat(back.messages().get(0).queueOffset()).isEqualTo(2L);
        HeartbeatRequest h = new HeartbeatRequest("c1", List.of(new ConsumerGroupInfo("g", false, true,
            List.of(new ConsumerGroupInfo.Subscription("t", "A || B"),
                new ConsumerGroupInfo.Subscription("u", "a > 5 AND b = 'x'", ExpressionType.SQL92)))), List.of("pg"));
        assertThat(HeartbeatRequest.decode(new WireReader(h.toBuffer()))).isEqualTo(h);
        LockQueuesRequest l = new LockQueuesRequest("g", "c1", "t", List.of(0, 3));
        assertThat(LockQueuesRequest.decode(new WireReader(l.toBuffer()))).isEqualTo(l);
    }

    @Test
    void trailingBytesAndTruncationAreRejected() {
        ByteBuffer body = new SendRequest("pg", 0, MSG).toBuffer();
        ByteBuffer longer = ByteBuffer.allocate(body.remaining() + 1).put(body.duplicate()).put((byte) 0).flip();
        assertThatThrownBy(() -> SendRequest.decode(new WireReader(longer))).isInstanceOf(ProtocolException.class)
            .hasMessageContaining("unexpected bytes");
        ByteBuffer shorter = body.duplicate().limit(body.limit() - 1);
        assertThatThrownBy(() -> SendRequest.decode(new WireReader(shorter))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void invalidUtf8IsRejected() {
        ByteBuffer b = ByteBuffer.allocate(4).putShort((short) 2).put((byte) 0xC3).put((byte) 0x28).flip();
        assertThatThrownBy(() -> new WireReader(b).string()).isInstanceOf(ProtocolException.class)
            .hasMessageContaining("UTF-8");
    }
}
