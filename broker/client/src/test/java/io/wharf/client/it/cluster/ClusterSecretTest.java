package io.wharf.client.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.WharfClientException;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendStatus;
import io.wharf.client.remoting.RemotingClient;
import io.wharf.client.remoting.ServerRequestHandler;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireWriter;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.body.Body;
import io.wharf.raft.VoteRequest;
import io.wharf.server.cluster.RaftCodec;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerGroup;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group whose members share a cluster secret: they elect and replicate over authenticated links, while a process
 * that is not a member can neither log in as one nor get a Raft message through, however high the term it claims.
 */
class ClusterSecretTest {
    @TempDir
    Path tmp;

    @Test
    void onlyMembersWithTheSecretTakePartInRaft() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3,
                List.of("-Dwharf.cluster.secret=members-only-secret-0123"));
             RemotingClient stranger = new RemotingClient("stranger");
             RemotingClient impostor = new RemotingClient("impostor", 1, ServerRequestHandler.UNSUPPORTED,
                 new Credentials("member:n1", "a-guessed-secret-000"))) {
            BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(60));
            try (Producer producer = new Producer(ProducerConfig.builder("secret-test", group.bootstrap()).build())) {
                producer.start();
                assertThat(producer.send(Message.builder("secured").body(new byte[] {1}).build()).sendStatus())
                    .as("majority commit works over authenticated links").isEqualTo(SendStatus.SEND_OK);
            }
            long term = leader.cluster().path("term").asLong();
            BrokerGroup.Member follower = group.members().stream().filter(m -> m != leader).findFirst()
                .orElseThrow();

            try {
                impostor.request(follower.address(), Opcode.CLUSTER_LEADER, w -> { }, 10_000).join();
                throw new AssertionError("the impostor was let in");
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(WharfClientException.class,
                    w -> assertThat(w.status()).isEqualTo(Status.AUTH_FAILED));
            }

            // A vote request for a far-away term, as a candidate n1 would send it, but on a connection that never
            // proved the secret: the follower closes it and the group's term does not move.
            VoteRequest vote = new VoteRequest(term + 1_000_000, "n1", follower.id(), Long.MAX_VALUE / 2,
                term + 999_999, false);
            assertThat(stranger.isConnected(follower.address())).isFalse();
            stranger.oneWay(follower.address(), Opcode.RAFT_MESSAGE, new Body() {
                @Override
                public void encode(WireWriter w) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public ByteBuffer toBuffer() {
                    return RaftCodec.encode(vote);
                }
            }).join();
            Await.until(Duration.ofSeconds(10), () -> !stranger.isConnected(follower.address()),
                () -> "the follower kept the stranger's connection");
            assertThat(follower.cluster().path("term").asLong()).as("the stranger's vote did not count")
                .isLessThan(term + 1_000_000);
            assertThat(group.awaitLeader(Duration.ofSeconds(10)).id()).isEqualTo(leader.id());
        }
    }
}
