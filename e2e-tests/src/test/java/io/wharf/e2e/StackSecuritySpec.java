package io.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.auth.AuthProof;
import io.wharf.protocol.body.AuthChallengeResponse;
import io.wharf.protocol.body.AuthRequest;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.TopicRouteRequest;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The local stack runs its brokers with ACL, a cluster secret and admin tokens (every other scenario passes through
 * them): a stranger gets AUTH_FAILED on the protocol and 401 on the admin API, a service's account is held to its
 * own topics, and /health stays open for the probes.
 */
@Order(5)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StackSecuritySpec {
    @RegisterExtension
    static final BeforeAllCallback STACK = WholeStack::get;

    @Test
    void strangersAreRefusedAndAServiceAccountKeepsToItsTopics() throws Exception {
        for (String admin : WholeStack.BROKER_ADMIN.split(",")) {
            assertThat(WholeStack.anonymousGet(admin + "/admin/topics").status()).as(admin).isEqualTo(401);
            assertThat(WholeStack.anonymousGet(admin + "/health").status()).as(admin).isIn(200, 503);
        }
        assertThat(WholeStack.get(WholeStack.BROKER_ADMIN.split(",")[0] + "/admin/topics").status())
            .as("with the stack's token").isEqualTo(200);

        Properties keys = new Properties();
        keys.load(new StringReader(WholeStack.current().securityFile("service-keys.properties")));
        String leaderName = WholeStack.current().leader();
        String leader = "127.0.0.1:" + (10901 + 10 * Integer.parseInt(leaderName.substring("broker-n".length())));
        try (Raw stranger = new Raw(leader); Raw forger = new Raw(leader); Raw orders = new Raw(leader)) {
            assertThat(stranger.call(Opcode.TOPIC_ROUTE, new TopicRouteRequest("order-events")).status())
                .isEqualTo(Status.AUTH_FAILED);
            assertThat(forger.authenticate("order-service", "a-guess").status()).isEqualTo(Status.AUTH_FAILED);
            assertThat(orders.authenticate("order-service", keys.getProperty("order-service")).status())
                .isEqualTo(Status.OK);
            assertThat(orders.call(Opcode.TOPIC_ROUTE, new TopicRouteRequest("order-events")).status())
                .isEqualTo(Status.OK);
            assertThat(orders.call(Opcode.SEND, new SendRequest("e2e-security", 0, new WireMessage("order-binlog",
                0, System.currentTimeMillis(), Map.of(), new byte[] {1}))).status())
                .as("order-service may not write the change stream").isEqualTo(Status.NO_PERMISSION);
        }
        String metrics = WholeStack.anonymousGet(WholeStack.BROKER_ADMIN.split(",")[0] + "/metrics").text();
        assertThat(metrics).as("refusals are counted").containsPattern("(?m)^wharf_admin_refused_total [1-9]");
        String leaderMetrics = WholeStack.anonymousGet("http://127.0.0.1:" + (8080 + Integer.parseInt(
            leaderName.substring("broker-n".length()))) + "/metrics").text();
        assertThat(leaderMetrics).containsPattern("(?m)^wharf_auth_failures_total [1-9]")
            .containsPattern("(?m)^wharf_acl_denied_total\\{opcode=\"SEND\"} [1-9]");
    }

    /** A blocking protocol connection, one request at a time. */
    private static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private long id = 1;

        Raw(String address) throws IOException {
            int colon = address.lastIndexOf(':');
            socket = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
        }

        Frame authenticate(String accessKey, String secret) throws IOException {
            byte[] serverNonce = AuthChallengeResponse.decode(call(Opcode.AUTH_CHALLENGE, w -> { }).reader())
                .serverNonce();
            byte[] clientNonce = AuthProof.nonce();
            return call(Opcode.AUTH, new AuthRequest(accessKey, clientNonce,
                AuthProof.compute(secret, accessKey, serverNonce, clientNonce)));
        }

        Frame call(Opcode opcode, Body body) throws IOException {
            ByteBuffer frame = FrameLayout.encode(Frame.request(opcode, id++, body.toBuffer()));
            socket.getOutputStream().write(frame.array(), 0, frame.remaining());
            int length = in.readInt();
            byte[] rest = new byte[length];
            in.readFully(rest);
            return FrameLayout.decode(ByteBuffer.allocate(4 + length).putInt(length).put(rest).flip());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
