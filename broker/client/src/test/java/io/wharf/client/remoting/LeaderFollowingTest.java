package io.wharf.client.remoting;

import io.wharf.client.BrokerAddresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.WharfClientException;
import io.wharf.testkit.Await;
import io.wharf.testkit.FakeNode;
import io.wharf.testkit.ScriptedBroker;
import io.wharf.protocol.NotLeader;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.body.ClusterLeaderResponse;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.SendResponse;
import io.wharf.protocol.body.TopicRouteResponse;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a {@link BrokerProxy} call finds and follows the leader of a broker group, against scripted nodes over real
 * sockets: redirects, elections, dead and silent nodes, the time budget.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LeaderFollowingTest {
    private final RemotingClient remoting = new RemotingClient("leader-following-test");
    private final List<AutoCloseable> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        remoting.close();
        for (AutoCloseable n : nodes) {
            n.close();
        }
    }

    private ScriptedBroker node(ScriptedBroker.Script script) {
        ScriptedBroker b = new ScriptedBroker(script);
        nodes.add(b);
        return b;
    }

    /** A leader answering TOPIC_ROUTE with 4 queues and SEND with OK. */
    private ScriptedBroker leader() {
        return node(r -> switch (r.opcode()) {
            case TOPIC_ROUTE -> ScriptedBroker.ok(r, new TopicRouteResponse("t", 4));
            case SEND -> ScriptedBroker.ok(r, new SendResponse(0, 7, 700, 1));
            default -> ScriptedBroker.empty(r);
        });
    }

    private ScriptedBroker follower(String leaderAddress) {
        return node(r -> ScriptedBroker.error(r, Status.NOT_LEADER, NotLeader.message(leaderAddress)));
    }

    private BrokerProxy proxy(BrokerAddresses addresses) {
        return new BrokerProxy(remoting, addresses);
    }

    private static int queueCount(BrokerProxy proxy, long budgetMs) {
        return Futures.await(proxy.queueCount("t", budgetMs));
    }

    private static String deadAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void aNamedLeaderIsFollowedAtOnceAddedToTheListAndRemembered() {
        ScriptedBroker leader = leader();
        ScriptedBroker follower = follower(leader.address());
        BrokerAddresses addresses = BrokerAddresses.parse(follower.address());
        BrokerProxy proxy = proxy(addresses);

        assertThat(queueCount(proxy, 3000)).isEqualTo(4);
        assertThat(addresses.current()).isEqualTo(leader.address());
        assertThat(addresses.all()).containsExactly(follower.address(), leader.address());
        assertThat(proxy.leader()).isEqualTo(leader.address());

        assertThat(queueCount(proxy, 3000)).isEqualTo(4);
        assertThat(follower.received()).as("the second call goes straight to the leader").hasSize(1);
        assertThat(leader.received()).hasSize(2);
    }

    @Test
    void whileTheLeaderIsUnknownTheCallBacksOffAndTriesTheOtherNodes() {
        ScriptedBroker leader = leader();
        AtomicInteger asked = new AtomicInteger();
        ScriptedBroker electing = node(r -> ScriptedBroker.error(r, Status.NOT_LEADER,
            NotLeader.message(asked.incrementAndGet() <= 2 ? null : leader.address())));
        ScriptedBroker unknowing = follower(null);
        BrokerProxy proxy = proxy(BrokerAddresses.parse(unknowing.address() + "," + electing.address()));

        long start = System.nanoTime();
        assertThat(queueCount(proxy, 3000)).isEqualTo(4);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(unknowing.received()).hasSize(3);
        assertThat(electing.received()).hasSize(3);
        assertThat(tookMs).as("backed off 50, 100, 200, 200, 200 ms between the five unknowns")
            .isBetween(700L, 2500L);
    }

    @Test
    void aNodeThatRefusesConnectionsIsSkippedAtOnce() throws Exception {
        ScriptedBroker leader = leader();
        String dead = deadAddress();
        BrokerAddresses addresses = BrokerAddresses.parse(dead + "," + leader.address());

        long start = System.nanoTime();
        assertThat(queueCount(proxy(addresses), 3000)).isEqualTo(4);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        assertThat(addresses.current()).isEqualTo(leader.address());
    }

    @Test
    void aGroupThatElectsNoLeaderFailsTheCallWhenItsBudgetRunsOut() {
        ScriptedBroker a = follower(null);
        ScriptedBroker b = follower(null);
        BrokerProxy proxy = proxy(BrokerAddresses.parse(a.address() + "," + b.address()));

        long start = System.nanoTime();
        assertThatThrownBy(() -> queueCount(proxy, 600)).isInstanceOfSatisfying(WharfClientException.class, e -> {
            assertThat(e.reason()).isEqualTo(WharfClientException.Reason.TIMEOUT);
            assertThat(e.getMessage()).contains("TOPIC_ROUTE got no answer from a leader of").contains("600 ms")
                .contains("NOT_LEADER: not the leader; leader unknown");
            assertThat(e.getCause()).isInstanceOf(WharfClientException.class);
        });
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMs).isBetween(550L, 1500L);
        assertThat(a.received().size() + b.received().size()).as("backing off, not spinning").isBetween(3, 8);
    }

    @Test
    void nodesThatNameEachOtherDoNotMakeTheCallSpin() {
        AtomicInteger asked = new AtomicInteger();
        List<ScriptedBroker> pair = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int other = 1 - i;
            pair.add(node(r -> {
                asked.incrementAndGet();
                return ScriptedBroker.error(r, Status.NOT_LEADER, NotLeader.message(pair.get(other).address()));
            }));
        }
        BrokerProxy proxy = proxy(BrokerAddresses.parse(pair.getFirst().address()));

        assertThatThrownBy(() -> queueCount(proxy, 500)).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.reason()).isEqualTo(WharfClientException.Reason.TIMEOUT));
        assertThat(asked.get()).as("redirected at once for a round, then backing off").isBetween(3, 12);
    }

    @Test
    void aSendWhoseLeaderDiedBeforeAnsweringIsSentAgainToTheNewLeader() {
        ScriptedBroker newLeader = leader();
        FakeNode dying = new FakeNode(newLeader.address()).lead().dieOnNextSend();
        nodes.add(dying);
        BrokerProxy proxy = proxy(BrokerAddresses.parse(dying.address() + "," + newLeader.address()));

        BrokerProxy.SendReply reply = Futures.await(proxy.send(sendRequest(), 3000));

        assertThat(reply.status()).isEqualTo(Status.OK);
        assertThat(dying.received(Opcode.SEND)).isEqualTo(1);
        Await.until(Duration.ofSeconds(3), () -> newLeader.received().size() == 2,
            () -> "relayed by the dying leader, then sent again (a duplicate, not a loss); got "
                + newLeader.received().size());
    }

    @Test
    void anAtMostOnceSendIsNotSentAgainWhenItsOutcomeIsUnknown() {
        ScriptedBroker newLeader = leader();
        FakeNode dying = new FakeNode(newLeader.address()).lead().dieOnNextSend();
        nodes.add(dying);
        BrokerProxy proxy = proxy(BrokerAddresses.parse(dying.address() + "," + newLeader.address()));

        assertThatThrownBy(() -> Futures.await(proxy.sendAtMostOnce(sendRequest(), 3000)))
            .isInstanceOfSatisfying(WharfClientException.class, e -> {
                assertThat(e.reason()).isEqualTo(WharfClientException.Reason.CONNECTION);
                assertThat(e.neverSent()).isFalse();
            });
        Await.until(Duration.ofSeconds(3), () -> !newLeader.received().isEmpty(), () -> "the relayed copy");
        assertThat(newLeader.received()).as("only the relayed copy").hasSize(1);
    }

    @Test
    void anAtMostOnceSendStillFollowsRedirectsAndSkipsDeadNodes() throws Exception {
        ScriptedBroker leader = leader();
        ScriptedBroker follower = follower(leader.address());
        BrokerProxy proxy = proxy(BrokerAddresses.parse(deadAddress() + "," + follower.address()));

        assertThat(Futures.await(proxy.sendAtMostOnce(sendRequest(), 3000)).status()).isEqualTo(Status.OK);
        assertThat(leader.received()).hasSize(1);
    }

    @Test
    void aSilentNodeFailsTheCallWithATimeoutAndTheNextCallStartsAtTheNextNode() {
        ScriptedBroker silent = node(r -> null);
        ScriptedBroker leader = leader();
        BrokerAddresses addresses = BrokerAddresses.parse(silent.address() + "," + leader.address());
        BrokerProxy proxy = proxy(addresses);

        assertThatThrownBy(() -> queueCount(proxy, 300)).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.reason()).isEqualTo(WharfClientException.Reason.TIMEOUT));
        assertThat(addresses.current()).isEqualTo(leader.address());
        assertThat(queueCount(proxy, 3000)).isEqualTo(4);
    }

    @Test
    void aSlowLeaderThatTheOthersStillNameIsWaitedFor() throws Exception {
        ScriptedBroker slow = node(r -> null);
        ScriptedBroker follower = node(r -> r.opcode() == Opcode.CLUSTER_LEADER
            ? ScriptedBroker.ok(r, new ClusterLeaderResponse("b", 1, false, slow.address()))
            : ScriptedBroker.error(r, Status.NOT_LEADER, NotLeader.message(slow.address())));
        BrokerProxy proxy = proxy(BrokerAddresses.parse(slow.address() + "," + follower.address()));

        var call = proxy.queueCount("t", 5000);
        Await.until(Duration.ofSeconds(4), () -> follower.received().size() >= 2,
            () -> "the follower was asked " + follower.received().size() + " times");
        slow.sendToClients(ScriptedBroker.ok(slow.received().getFirst(), new TopicRouteResponse("t", 4)));

        assertThat(Futures.await(call)).isEqualTo(4);
        assertThat(follower.received()).extracting(r -> r.opcode()).containsOnly(Opcode.CLUSTER_LEADER);
        assertThat(slow.received()).as("never sent again").hasSize(1);
        assertThat(slow.connectedClients()).isEqualTo(1);
    }

    @Test
    void otherErrorsAreTheCallsOutcomeAndAreNotRetried() {
        ScriptedBroker leader = node(r -> ScriptedBroker.error(r, Status.UNKNOWN_TOPIC, "no topic t"));
        BrokerProxy proxy = proxy(BrokerAddresses.parse(leader.address()));

        assertThatThrownBy(() -> queueCount(proxy, 3000)).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.status()).isEqualTo(Status.UNKNOWN_TOPIC));
        assertThat(leader.received()).hasSize(1);
        assertThat(proxy.leader()).as("an error answer still comes from the leader").isEqualTo(leader.address());
    }

    @Test
    void aLeaderChangeIsReportedOnceAndTheOldLeadersConnectionClosed() {
        ScriptedBroker second = leader();
        ScriptedBroker first = leader();
        BrokerProxy proxy = proxy(BrokerAddresses.parse(first.address() + "," + second.address()));
        AtomicInteger changes = new AtomicInteger();
        proxy.onLeaderChange(changes::incrementAndGet);

        assertThat(queueCount(proxy, 3000)).isEqualTo(4);
        assertThat(changes.get()).as("finding the first leader is no change").isZero();
        first.script(r -> ScriptedBroker.error(r, Status.NOT_LEADER, NotLeader.message(second.address())));
        assertThat(queueCount(proxy, 3000)).isEqualTo(4);
        assertThat(queueCount(proxy, 3000)).isEqualTo(4);

        assertThat(changes.get()).isEqualTo(1);
        assertThat(proxy.leader()).isEqualTo(second.address());
        Await.until(Duration.ofSeconds(3), () -> first.connectedClients() == 0,
            () -> first.connectedClients() + " connections to the old leader");
    }

    @Test
    void aClosedClientStopsFollowingAtOnce() {
        ScriptedBroker unknowing = follower(null);
        BrokerProxy proxy = proxy(BrokerAddresses.parse(unknowing.address()));
        var call = proxy.queueCount("t", 5000);
        Await.until(Duration.ofSeconds(3), () -> !unknowing.received().isEmpty(), () -> "no request yet");
        remoting.close();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Futures.await(call)).isInstanceOf(WharfClientException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
    }

    private static SendRequest sendRequest() {
        return new SendRequest("pg", 0, new WireMessage("t", 0, 1L, Map.of(), new byte[] {1}));
    }
}
