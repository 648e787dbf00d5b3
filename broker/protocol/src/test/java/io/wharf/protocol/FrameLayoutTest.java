package io.wharf.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.protocol.body.ExpressionType;
import io.wharf.protocol.body.PullRequest;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameLayoutTest {
    @Test
    void frameRoundTripsWithItsBody() {
        PullRequest pull = new PullRequest("g", "orders", 3, 42L, 32, 1 << 20, "TagA || TagB", ExpressionType.TAG,
            15_000L);
        Frame f = Frame.request(Opcode.PULL, 77L, pull.toBuffer());
        Frame back = FrameLayout.decode(FrameLayout.encode(f));
        assertThat(back.kind()).isEqualTo(FrameKind.REQUEST);
        assertThat(back.opcode()).isEqualTo(Opcode.PULL);
        assertThat(back.requestId()).isEqualTo(77L);
        assertThat(back.status()).isEqualTo(Status.OK);
        assertThat(PullRequest.decode(back.reader())).isEqualTo(pull);
    }

    @Test
    void responseEchoesOpcodeAndRequestId() {
        Frame req = Frame.request(Opcode.SEND, 9L, ByteBuffer.allocate(0));
        Frame resp = FrameLayout.decode(FrameLayout.encode(Frame.response(req, Status.FLUSH_DISK_TIMEOUT,
            ByteBuffer.allocate(0))));
        assertThat(resp.kind()).isEqualTo(FrameKind.RESPONSE);
        assertThat(resp.opcode()).isEqualTo(Opcode.SEND);
        assertThat(resp.requestId()).isEqualTo(9L);
        assertThat(resp.status()).isEqualTo(Status.FLUSH_DISK_TIMEOUT);
    }

    @Test
    void headerViolationsAreProtocolErrors() {
        ByteBuffer good = FrameLayout.encode(Frame.request(Opcode.SEND, 1L, ByteBuffer.wrap(new byte[] {1, 2})));
        ByteBuffer badLength = copy(good);
        badLength.putInt(FrameLayout.LENGTH_OFFSET, 99);
        assertThatThrownBy(() -> FrameLayout.decode(badLength)).isInstanceOf(ProtocolException.class);
        ByteBuffer badVersion = copy(good);
        badVersion.put(FrameLayout.VERSION_OFFSET, (byte) 9);
        assertThatThrownBy(() -> FrameLayout.decode(badVersion)).isInstanceOf(ProtocolException.class)
            .extracting(e -> ((ProtocolException) e).status()).isEqualTo(Status.UNSUPPORTED_VERSION);
        ByteBuffer badKind = copy(good);
        badKind.put(FrameLayout.KIND_OFFSET, (byte) 7);
        assertThatThrownBy(() -> FrameLayout.decode(badKind)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> FrameLayout.decode(ByteBuffer.allocate(5))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void unknownOpcodeDecodesSoItCanBeAnsweredRatherThanDropped() {
        ByteBuffer b = FrameLayout.encode(Frame.request(Opcode.SEND, 1L, ByteBuffer.allocate(0)));
        b.putShort(FrameLayout.OPCODE_OFFSET, (short) 999);
        Frame f = FrameLayout.decode(b);
        assertThat(f.opcode()).isNull();
        assertThat(f.opcodeCode()).isEqualTo(999);
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }
}
