package io.wharf.client.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.WharfClientException;
import io.wharf.testkit.ScriptedBroker;
import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.TopicRouteRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The NOT_LEADER message: what a follower writes, and what the client reads back out of the error it gets. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NotLeaderTest {
    @Test
    void aNamedLeaderIsReadBackFromTheMessage() {
        assertThat(NotLeader.leaderOf(NotLeader.message("10.0.0.2:10911"))).contains("10.0.0.2:10911");
        assertThat(NotLeader.leaderOf("not the leader; leader= node-b:10911 ")).contains("node-b:10911");
    }

    @Test
    void anElectionNamesNoLeader() {
        assertThat(NotLeader.leaderOf(NotLeader.message(null))).isEmpty();
        assertThat(NotLeader.leaderOf("not the leader; leader=")).isEmpty();
        assertThat(NotLeader.leaderOf(null)).isEmpty();
        assertThat(NotLeader.leaderOf("something else entirely")).isEmpty();
    }

    @Test
    void theClientKeepsTheBrokersMessageSoTheLeaderCanBeReadFromTheError() {
        try (ScriptedBroker follower = new ScriptedBroker(r -> ScriptedBroker.error(r, Status.NOT_LEADER,
            NotLeader.message("10.0.0.2:10911")));
             RemotingClient client = new RemotingClient("not-leader-test")) {
            assertThatThrownBy(() -> Futures.await(client.request(follower.address(), Opcode.TOPIC_ROUTE,
                new TopicRouteRequest("t"), 5000))).isInstanceOfSatisfying(WharfClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.NOT_LEADER);
                    assertThat(e.getMessage()).isEqualTo("NOT_LEADER: not the leader; leader=10.0.0.2:10911");
                    assertThat(NotLeader.leaderOf(e.brokerMessage())).contains("10.0.0.2:10911");
                });
        }
    }
}
