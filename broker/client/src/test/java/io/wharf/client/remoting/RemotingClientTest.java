package io.wharf.client.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.WharfClientException;
import io.wharf.testkit.ScriptedBroker;
import io.wharf.protocol.Frame;
import io.wharf.protocol.FrameKind;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ConsumerListRequest;
import io.wharf.protocol.body.ConsumerListResponse;
import io.wharf.protocol.body.TopicRouteRequest;
import io.wharf.protocol.body.TopicRouteResponse;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RemotingClientTest {
    private final RemotingClient client = new RemotingClient("test");
    private ScriptedBroker broker;

    @AfterEach
    void tearDown() {
        client.close();
        if (broker != null) {
            broker.close();
        }
    }

    private static Frame route(Frame request) {
        String topic = TopicRouteRequest.decode(request.reader()).topic();
        return ScriptedBroker.ok(request, new TopicRouteResponse(topic, topic.length()));
    }

    @Test
    void pipelinedRequestsAreMatchedToTheirResponsesByRequestId() {
        broker = new ScriptedBroker(RemotingClientTest::route);
        List<CompletableFuture<Frame>> futures = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            futures.add(client.request(broker.address(), Opcode.TOPIC_ROUTE, new TopicRouteRequest("t".repeat(i)),
                5000));
        }
        for (int i = 1; i <= 50; i++) {
            TopicRouteResponse r = TopicRouteResponse.decode(futures.get(i - 1).join().reader());
            assertThat(r.queueCount()).isEqualTo(i);
        }
        assertThat(broker.connectedClients()).as("one connection per address").isEqualTo(1);
    }

    @Test
    void errorStatusBecomesAnExceptionWithTheStatusAndTheBrokersMessage() {
        broker = new ScriptedBroker(r -> ScriptedBroker.error(r, Status.UNKNOWN_TOPIC, "no topic 'x'"));
        CompletableFuture<Frame> f = client.request(broker.address(), Opcode.TOPIC_ROUTE, new TopicRouteRequest("x"),
            5000);
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOfSatisfying(WharfClientException.class, e -> {
            assertThat(e.reason()).isEqualTo(WharfClientException.Reason.ERROR_STATUS);
            assertThat(e.status()).isEqualTo(Status.UNKNOWN_TOPIC);
            assertThat(e.getMessage()).contains("no topic 'x'");
            assertThat(e.isTransportFailure()).isFalse();
        });
    }

    @Test
    void successStatusesOtherThanOkAreResponsesNotErrors() {
        broker = new ScriptedBroker(r -> ScriptedBroker.status(r, Status.FLUSH_DISK_TIMEOUT,
            new TopicRouteResponse("t", 1)));
        Frame f = Futures.await(client.request(broker.address(), Opcode.TOPIC_ROUTE, new TopicRouteRequest("t"),
            5000));
        assertThat(f.status()).isEqualTo(Status.FLUSH_DISK_TIMEOUT);
    }

    @Test
    void requestWithoutResponseTimesOutAndALateAnswerIsIgnored() {
        broker = new ScriptedBroker(r -> null);
        long start = System.nanoTime();
        CompletableFuture<Frame> f = client.request(broker.address(), Opcode.TOPIC_ROUTE, new TopicRouteRequest("t"),
            200);
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.reason()).isEqualTo(WharfClientException.Reason.TIMEOUT));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 3000L);

        broker.sendToClients(route(broker.received().getFirst()));
        broker.script(RemotingClientTest::route);
        Frame next = Futures.await(client.request(broker.address(), Opcode.TOPIC_ROUTE, new TopicRouteRequest("ab"),
            5000));
        assertThat(TopicRouteResponse.decode(next.reader()).queueCount()).isEqualTo(2);
    }

    @Test
    void refusedConnectionFailsAsConnectionError() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        CompletableFuture<Frame> f = client.request("127.0.0.1:" + freePort, Opcode.TOPIC_ROUTE,
            new TopicRouteRequest("t"), 5000);
        assertThatThrownBy(() -> Futures.await(f)).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.reason()).isEqualTo(WharfClientException.Reason.CONNECTION));
    }

    @Test
    void lostConnectionFailsWaitingRequestsAndTheNextRequestReconnects() {
        broker = new ScriptedBroker(r -> null);
        CompletableFuture<Frame> waiting = client.request(broker.address(), Opcode.TOPIC_ROUTE,
            new TopicRouteRequest("t"), 10_000);
        awaitReceived(1);
        broker.closeClientConnections();
        assertThatThrownBy(() -> Futures.await(waiting)).isInstanceOfSatisfying(WharfClientException.class,
            e -> assertThat(e.reason()).isEqualTo(WharfClientException.Reason.CONNECTION));

        broker.script(RemotingClientTest::route);
        Frame again = Futures.await(client.request(broker.address(), Opcode.TOPIC_ROUTE,
            new TopicRouteRequest("abc"), 5000));
        assertThat(TopicRouteResponse.decode(again.reader()).queueCount()).isEqualTo(3);
    }

    @Test
    void oneWayFramesReachTheBrokerWithoutAnswer() {
        broker = new ScriptedBroker(r -> ScriptedBroker.empty(r));
        Futures.await(client.oneWay(broker.address(), Opcode.HEARTBEAT, new ConsumerListRequest("g")));
        awaitReceived(1);
        assertThat(broker.received().getFirst().kind()).isEqualTo(FrameKind.ONE_WAY);
        assertThat(broker.received().getFirst().opcode()).isEqualTo(Opcode.HEARTBEAT);
    }

    @Test
    void requestFromTheBrokerIsAnsweredUnsupportedOpcode() throws Exception {
        broker = new ScriptedBroker(RemotingClientTest::route);
        Futures.await(client.request(broker.address(), Opcode.TOPIC_ROUTE, new TopicRouteRequest("t"), 5000));
        Frame checkBack = new Frame(FrameKind.REQUEST, 77, 9001L, Status.OK, ByteBuffer.allocate(0));
        broker.sendToClients(checkBack);
        Frame answer = broker.nextClientResponse(5000);
        assertThat(answer).isNotNull();
        assertThat(answer.requestId()).isEqualTo(9001L);
        assertThat(answer.opcodeCode()).isEqualTo(77);
        assertThat(answer.status()).isEqualTo(Status.UNSUPPORTED_OPCODE);
    }

    @Test
    void customHandlerAnswersBrokerRequests() throws Exception {
        broker = new ScriptedBroker(RemotingClientTest::route);
        try (RemotingClient custom = new RemotingClient("custom", 1, request -> CompletableFuture.completedFuture(
            ScriptedBroker.ok(request, new ConsumerListResponse(List.of("me")))))) {
            Futures.await(custom.request(broker.address(), Opcode.TOPIC_ROUTE, new TopicRouteRequest("t"), 5000));
            broker.sendToClients(new Frame(FrameKind.REQUEST, Opcode.CONSUMER_LIST.code(), 5L, Status.OK,
                new ConsumerListRequest("g").toBuffer()));
            Frame answer = broker.nextClientResponse(5000);
            assertThat(answer.status()).isEqualTo(Status.OK);
            assertThat(ConsumerListResponse.decode(answer.reader()).clientIds()).containsExactly("me");
        }
    }

    @Test
    void closedClientFailsRequestsAtOnce() {
        broker = new ScriptedBroker(r -> null);
        CompletableFuture<Frame> waiting = client.request(broker.address(), Opcode.TOPIC_ROUTE,
            new TopicRouteRequest("t"), 10_000);
        awaitReceived(1);
        client.close();
        assertThatThrownBy(() -> Futures.await(waiting)).isInstanceOf(WharfClientException.class);
        assertThatThrownBy(() -> Futures.await(client.request(broker.address(), Opcode.TOPIC_ROUTE,
            new TopicRouteRequest("t"), 1000))).isInstanceOf(WharfClientException.class);
    }

    private void awaitReceived(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broker.received().size() < n) {
            assertThat(System.nanoTime()).as("frames received in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
