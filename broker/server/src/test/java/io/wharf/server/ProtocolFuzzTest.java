package io.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameLayout;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ExpressionType;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.SendResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated frames against a live broker over real sockets: the broker may refuse them and close
 * those connections, but it keeps serving a well-formed client on its own connection, and its store stays up.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProtocolFuzzTest {
    @TempDir
    Path dir;

    @Test
    void garbageNeverHarmsTheBrokerOrOtherConnections() throws Exception {
        try (BrokerNode node = TestNodes.start(dir, "topic.auto.create", "true", "broker.max.frame.bytes", "65536");
             RawClient good = new RawClient(node.brokerAddress())) {
            fuzz(node, good);
        }
    }

    /**
     * The same with ACL on: the well-behaved client authenticated, the garbage comes from connections that did
     * not (so mutated valid frames are refused with AUTH_FAILED, or closed, and the broker keeps serving).
     */
    @Test
    void withAclOnGarbageNeverHarmsTheBrokerOrTheAuthenticatedClient() throws Exception {
        Path accounts = dir.resolve("accounts.json");
        Files.writeString(accounts, "{\"accounts\": [{\"accessKey\": \"fuzzer\", \"secretKey\": \"fuzz-secret\","
            + " \"topics\": {\"fuzz\": \"PUB|SUB\"}, \"groups\": {\"g\": \"SUB\"}}]}");
        try (BrokerNode node = TestNodes.start(dir.resolve("node"), "topic.auto.create", "true",
                "broker.max.frame.bytes", "65536", "acl.enabled", "true", "acl.accounts.file", accounts.toString());
             RawClient good = new RawClient(node.brokerAddress());
             RawClient wrong = new RawClient(node.brokerAddress())) {
            assertThat(wrong.authenticate("fuzzer", "not-the-secret").status()).isEqualTo(Status.AUTH_FAILED);
            assertThat(good.authenticate("fuzzer", "fuzz-secret").status()).isEqualTo(Status.OK);
            fuzz(node, good);
            assertThat(node.accessControl().authFailures()).as("mutated sends refused unauthenticated")
                .isGreaterThan(1);
        }
    }

    private static void fuzz(BrokerNode node, RawClient good) throws Exception {
        Random random = new Random(20261123L);
        byte[] valid = FrameLayout.encode(Frame.request(Opcode.SEND, 1L,
            RawClient.send("fuzz", 0, "A", "payload").toBuffer())).array();
        List<Long> stored = new ArrayList<>();
        int closedByBroker = 0;
        for (int round = 0; round < 400; round++) {
            byte[] junk = round % 2 == 0 ? randomBytes(random) : mutate(valid, random);
            closedByBroker += hurl(node.brokerAddress(), junk) ? 1 : 0;
            if (round % 20 == 0) {
                Frame resp = good.call(Opcode.SEND, RawClient.send("fuzz", 1, "B", "good-" + round));
                assertThat(resp.status()).isEqualTo(Status.OK);
                stored.add(SendResponse.decode(resp.reader()).queueOffset());
            }
        }
        assertThat(node.store().failed()).isFalse();
        assertThat(closedByBroker).as("the broker closed connections that sent garbage").isPositive();
        Frame pulled = good.call(Opcode.PULL, new PullRequest("g", "fuzz", 1, 0, 100, 1 << 20, "*",
            ExpressionType.TAG, 0));
        PullResponse p = PullResponse.decode(pulled.reader());
        assertThat(p.messages()).extracting(m -> m.queueOffset()).containsExactlyElementsOf(stored);
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(200)];
        r.nextBytes(b);
        if (b.length >= 4 && r.nextBoolean()) {
            ByteBuffer.wrap(b).putInt(0, r.nextBoolean() ? Integer.MAX_VALUE : -r.nextInt(1000));
        }
        return b;
    }

    private static byte[] mutate(byte[] valid, Random r) {
        byte[] b = valid.clone();
        int flips = 1 + r.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = r.nextInt(b.length);
            b[at] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Sends junk on a fresh connection and reports whether the broker closed it within a short wait. */
    private static boolean hurl(InetSocketAddress address, byte[] junk) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(150);
            OutputStream out = s.getOutputStream();
            out.write(junk);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                while (true) {
                    if (in.read(buf) < 0) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }
    }
}
