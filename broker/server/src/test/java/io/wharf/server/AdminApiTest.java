package io.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.body.OffsetCommitRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.SendResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void topicsAreCreatedListedAndValidated() throws Exception {
        try (BrokerNode node = TestNodes.start(dir)) {
            HttpResponse<String> created = post(node, "/admin/topics", "{\"name\":\"orders\",\"queues\":8}");
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(created.body()).get("queues").asInt()).isEqualTo(8);
            assertThat(JSON.readTree(get(node, "/admin/topics").body()).findValuesAsText("name"))
                .as("with the trace topic the broker creates").containsExactlyInAnyOrder("orders",
                    "RMQ_SYS_TRACE_TOPIC");
            assertProblem(post(node, "/admin/topics", "{\"name\":\"bad topic!\"}"), 400, "illegal character");
            assertProblem(post(node, "/admin/topics", "{\"name\":\"orders\",\"queues\":2}"), 400, "not shrink");
            assertProblem(post(node, "/admin/topics", "{not json"), 400, "not valid JSON");
            assertProblem(post(node, "/admin/topics", "{\"name\":5}"), 400, "must be a string");
            assertProblem(get(node, "/admin/nothing"), 404, "no such endpoint");
            assertThat(get(node, "/openapi.yaml").body()).contains("openapi: 3.0.3").contains("/admin/topics");
        }
    }

    @Test
    void messagesAreFoundByKeyAndIdAndLagFollowsCommits() throws Exception {
        try (BrokerNode node = TestNodes.start(dir)) {
            post(node, "/admin/topics", "{\"name\":\"orders\",\"queues\":2}");
            long firstOffset = -1;
            try (RawClient c = new RawClient(node.brokerAddress())) {
                for (int i = 0; i < 6; i++) {
                    Frame f = c.call(Opcode.SEND, new SendRequest("pg", i % 2, new WireMessage("orders", 0, 1L,
                        Map.of("KEYS", "order-" + i, "TAGS", "paid"), ("o" + i).getBytes(StandardCharsets.UTF_8))));
                    assertThat(f.status()).isEqualTo(Status.OK);
                    if (i == 0) {
                        firstOffset = SendResponse.decode(f.reader()).commitLogOffset();
                    }
                }
                c.call(Opcode.OFFSET_COMMIT, new OffsetCommitRequest("coupons", "orders", 0, 2));
            }
            awaitDispatched(node, 6);
            JsonNode byKey = JSON.readTree(get(node, "/admin/messages?topic=orders&key=order-3").body());
            assertThat(byKey).hasSize(1);
            assertThat(byKey.get(0).get("bodyText").asText()).isEqualTo("o3");
            JsonNode byId = JSON.readTree(get(node, "/admin/messages/" + String.format("%016X", firstOffset)).body());
            assertThat(byId.get("bodyText").asText()).isEqualTo("o0");
            assertProblem(get(node, "/admin/messages/zz"), 400, "hex");
            JsonNode lag = JSON.readTree(get(node, "/admin/groups/coupons/lag?topic=orders").body());
            assertThat(lag.get("totalLag").asLong()).isEqualTo(1 + 3);
            JsonNode reset = JSON.readTree(post(node, "/admin/groups/coupons/offsets",
                "{\"topic\":\"orders\",\"offset\":0}").body());
            assertThat(reset.get("totalLag").asLong()).isEqualTo(6);
            assertProblem(get(node, "/admin/groups/coupons/lag?topic=missing"), 404, "does not exist");
        }
    }

    private static void awaitDispatched(BrokerNode node, long index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.store().dispatchedPosition().index() < index) {
            assertThat(System.nanoTime()).as("dispatch").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void assertProblem(HttpResponse<String> r, int status, String detail) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).contains(detail);
    }

    private HttpResponse<String> get(BrokerNode node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(node, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(BrokerNode node, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(node, path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(BrokerNode node, String path) {
        return URI.create("http://127.0.0.1:" + node.adminAddress().getPort() + path);
    }
}
