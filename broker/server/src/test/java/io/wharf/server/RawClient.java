package io.wharf.server;

import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.auth.AuthProof;
import io.wharf.protocol.body.AuthChallengeResponse;
import io.wharf.protocol.body.AuthRequest;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.SendRequest;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A blocking, one-request-at-a-time protocol client over a plain socket: the broker's tests speak through it. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private long nextId = 1;

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Frame call(Opcode opcode, Body body) throws IOException {
        ByteBuffer frame = FrameLayout.encode(Frame.request(opcode, nextId++, body.toBuffer()));
        out.write(frame.array(), 0, frame.remaining());
        out.flush();
        return read();
    }

    /** AUTH_CHALLENGE, then AUTH with the proof; returns the AUTH answer (OK or AUTH_FAILED). */
    Frame authenticate(String accessKey, String secretKey) throws IOException {
        Frame challenge = call(Opcode.AUTH_CHALLENGE, w -> { });
        byte[] serverNonce = AuthChallengeResponse.decode(challenge.reader()).serverNonce();
        byte[] clientNonce = AuthProof.nonce();
        return call(Opcode.AUTH, new AuthRequest(accessKey, clientNonce,
            AuthProof.compute(secretKey, accessKey, serverNonce, clientNonce)));
    }

    Frame read() throws IOException {
        int length = in.readInt();
        byte[] rest = new byte[length];
        in.readFully(rest);
        ByteBuffer whole = ByteBuffer.allocate(4 + length).putInt(length).put(rest).flip();
        return FrameLayout.decode(whole);
    }

    static SendRequest send(String topic, int queueId, String tag, String body) {
        return new SendRequest("pg", queueId, new WireMessage(topic, 0, 1L, tag == null ? Map.of()
            : Map.of("TAGS", tag), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
