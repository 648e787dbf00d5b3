package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.Message;
import io.wharf.client.ReceivedMessage;
import io.wharf.client.WharfClientException;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendStatus;
import io.wharf.client.remoting.RemotingClient;
import io.wharf.client.remoting.ServerRequestHandler;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.ExpressionType;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.TopicRouteRequest;
import io.wharf.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A broker with ACL on, in its own JVM: each kind of refusal gets its own status, and a client with the right
 * account keeps being served through all of them.
 */
class AccessControlTest extends BrokerTestBase {
    private static final String ACCOUNTS = """
        {"accounts": [
          {"accessKey": "orders", "secretKey": "orders-secret-1", "topics": {"acl-orders": "PUB"}},
          {"accessKey": "coupons", "secretKey": "coupons-secret-1",
           "topics": {"acl-*": "SUB", "acl-private": "DENY"}, "groups": {"coupon-*": "SUB"}}
        ]}
        """;

    @Override
    List<String> brokerOptions() {
        Path file = tmp.resolve("accounts.json");
        try {
            Files.writeString(file, ACCOUNTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("-Dwharf.acl.enabled=true", "-Dwharf.acl.accounts.file=" + file);
    }

    @Test
    void anAuthorisedProducerAndConsumerRoundTripThroughTheirRetryTopic() {
        Producer producer = closeAfter(new Producer(ProducerConfig.builder("acl-producers", broker.address())
            .credentials("orders", "orders-secret-1").build()));
        producer.start();
        for (int i = 0; i < 10; i++) {
            Message m = Message.builder("acl-orders").keys("o-" + i)
                .body(("order " + i).getBytes(StandardCharsets.UTF_8)).build();
            assertThat(producer.send(m).sendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        Map<String, Integer> deliveries = new ConcurrentHashMap<>();
        PushConsumer consumer = consumer(consumerConfig("coupon-acl", "c-1")
            .credentials("coupons", "coupons-secret-1")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe("acl-orders", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            for (ReceivedMessage m : msgs) {
                if (deliveries.merge(m.keys(), 1, Integer::sum) == 1 && m.keys().equals("o-3")) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Await.until(Duration.ofSeconds(30), () -> deliveries.size() == 10 && deliveries.get("o-3") == 2,
            () -> "deliveries " + deliveries);
        assertThat(deliveries.get("o-3")).as("o-3 came back through %RETRY%coupon-acl").isEqualTo(2);
    }

    @Test
    void eachRefusalHasItsStatusAndTheGoodClientIsStillServed() throws Exception {
        try (RemotingClient anonymous = new RemotingClient("anonymous");
             RemotingClient wrongSecret = client(new Credentials("orders", "not-the-secret"));
             RemotingClient unknown = client(new Credentials("nobody", "whatever-secret"));
             RemotingClient orders = client(new Credentials("orders", "orders-secret-1"));
             RemotingClient coupons = client(new Credentials("coupons", "coupons-secret-1"))) {
            assertThat(refusal(anonymous, Opcode.TOPIC_ROUTE, new TopicRouteRequest("acl-orders")))
                .isEqualTo(Status.AUTH_FAILED);
            assertThat(refusal(wrongSecret, Opcode.TOPIC_ROUTE, new TopicRouteRequest("acl-orders")))
                .isEqualTo(Status.AUTH_FAILED);
            assertThat(refusal(unknown, Opcode.TOPIC_ROUTE, new TopicRouteRequest("acl-orders")))
                .isEqualTo(Status.AUTH_FAILED);

            assertThat(ok(orders, Opcode.SEND, send("acl-orders"))).isTrue();
            assertThat(refusal(orders, Opcode.SEND, send("acl-payments"))).isEqualTo(Status.NO_PERMISSION);
            assertThat(refusal(coupons, Opcode.SEND, send("acl-orders")))
                .as("SUB is not PUB").isEqualTo(Status.NO_PERMISSION);
            assertThat(refusal(orders, Opcode.PULL, pull("coupon-acl", "acl-orders")))
                .as("PUB is not SUB, and no group rule").isEqualTo(Status.NO_PERMISSION);
            assertThat(refusal(coupons, Opcode.PULL, pull("billing", "acl-orders")))
                .as("no rule for group billing").isEqualTo(Status.NO_PERMISSION);
            assertThat(refusal(coupons, Opcode.PULL, pull("coupon-acl", "acl-private")))
                .as("the exact DENY beats the prefix").isEqualTo(Status.NO_PERMISSION);
            assertThat(refusal(coupons, Opcode.HEARTBEAT, heartbeat("coupon-acl", "acl-private")))
                .isEqualTo(Status.NO_PERMISSION);
            assertThat(ok(coupons, Opcode.PULL, pull("coupon-acl", "acl-orders"))).isTrue();

            // The broker's own topics are closed to every account, whatever its rules.
            for (String internal : List.of("RMQ_SYS_TRANS_HALF_TOPIC", "WHARF_SCHEDULE_TOPIC", "%DLQ%coupon-acl",
                "%RETRY%coupon-acl", "WHARF_CLUSTER")) {
                assertThat(refusal(orders, Opcode.SEND, send(internal))).as(internal)
                    .isEqualTo(Status.NO_PERMISSION);
            }
            for (String internal : List.of("RMQ_SYS_TRACE_TOPIC", "%DLQ%coupon-acl", "RMQ_SYS_TRANS_OP_HALF_TOPIC",
                "%RETRY%coupon-other")) {
                assertThat(refusal(coupons, Opcode.PULL, pull("coupon-acl", internal))).as(internal)
                    .isEqualTo(Status.NO_PERMISSION);
            }
            // A Raft frame from an account is not a member's: the connection is closed, no answer.
            orders.oneWay(broker.address(), Opcode.RAFT_MESSAGE, w -> w.u8(1)).join();
            Await.until(Duration.ofSeconds(10), () -> !orders.isConnected(broker.address()),
                () -> "the broker kept a connection that sent a Raft frame");

            assertThat(ok(coupons, Opcode.PULL, pull("coupon-acl", "acl-orders")))
                .as("the well-behaved client is still served").isTrue();
            assertThat(ok(orders, Opcode.SEND, send("acl-orders"))).as("and so is a reconnecting one").isTrue();
        }
        String metrics = AdminHttp.text(broker.adminUrl(), "/metrics");
        assertThat(metrics).contains("wharf_auth_failures_total 3.0")
            .contains("wharf_acl_denied_total{opcode=\"SEND\"} 7.0")
            .contains("wharf_acl_denied_total{opcode=\"RAFT_MESSAGE\"} 1.0")
            .as("a send latency histogram with the sends of the good clients")
            .containsPattern("wharf_send_latency_seconds_count [1-9]");
    }

    @Test
    void aProducerWithoutCredentialsFailsWithAuthFailedNotATimeout() {
        Producer producer = closeAfter(new Producer(ProducerConfig.builder("acl-anon", broker.address()).build()));
        producer.start();
        assertThatThrownBy(() -> producer.send(Message.builder("acl-orders").body(new byte[] {1}).build()))
            .isInstanceOfSatisfying(WharfClientException.class,
                e -> assertThat(e.status()).isEqualTo(Status.AUTH_FAILED));
    }

    private RemotingClient client(Credentials credentials) {
        return new RemotingClient("acl-" + credentials.accessKey(), 1, ServerRequestHandler.UNSUPPORTED,
            credentials);
    }

    private boolean ok(RemotingClient client, Opcode opcode, Body body) {
        return !client.request(broker.address(), opcode, body, 10_000).join().status().isError();
    }

    private Status refusal(RemotingClient client, Opcode opcode, Body body) {
        try {
            client.request(broker.address(), opcode, body, 10_000).join();
            throw new AssertionError(opcode + " was accepted");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WharfClientException w && w.status() != null) {
                return w.status();
            }
            throw new AssertionError(opcode + " failed without a status", e.getCause());
        }
    }

    private static SendRequest send(String topic) {
        return new SendRequest("acl-test", 0, new WireMessage(topic, 0, System.currentTimeMillis(), Map.of(),
            new byte[] {42}));
    }

    private static PullRequest pull(String group, String topic) {
        return new PullRequest(group, topic, 0, 0, 1, 1 << 20, "*", ExpressionType.TAG, 0);
    }

    private static HeartbeatRequest heartbeat(String group, String topic) {
        return new HeartbeatRequest("hb-1", List.of(new ConsumerGroupInfo(group, false, false,
            List.of(new ConsumerGroupInfo.Subscription(topic, "*", ExpressionType.TAG)))), List.of());
    }
}
