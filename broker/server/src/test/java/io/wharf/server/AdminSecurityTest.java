package io.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.TopicRouteRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin API's bearer tokens and roles, and the accounts it manages, on an in-process node with ACL on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ = "read-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void tokensGateTheApiByRoleAndAccountsChangeWhoMayConnect() throws Exception {
        try (BrokerNode node = TestNodes.start(dir, "acl.enabled", "true", "admin.token.read", READ,
            "admin.token.admin", ADMIN, "topic.auto.create", "true")) {
            assertThat(call(node, "GET", "/health", null, null).statusCode()).as("open by default").isEqualTo(200);
            assertThat(call(node, "GET", "/metrics", null, null).statusCode()).isEqualTo(200);
            HttpResponse<String> anonymous = call(node, "GET", "/admin/topics", null, null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(call(node, "GET", "/admin/topics", "not-a-token-at-all!!", null).statusCode()).isEqualTo(401);
            assertThat(call(node, "GET", "/openapi.yaml", null, null).statusCode()).isEqualTo(401);

            assertThat(call(node, "GET", "/admin/topics", READ, null).statusCode()).isEqualTo(200);
            assertThat(call(node, "POST", "/admin/topics", READ, "{\"name\":\"orders\"}").statusCode())
                .as("a read-only token writing").isEqualTo(403);
            assertThat(call(node, "GET", "/admin/accounts", READ, null).statusCode()).isEqualTo(403);
            assertThat(call(node, "POST", "/admin/topics", ADMIN, "{\"name\":\"orders\"}").statusCode())
                .isEqualTo(200);

            HttpResponse<String> put = call(node, "PUT", "/admin/accounts/billing", ADMIN,
                "{\"secretKey\":\"billing-secret\",\"topics\":{\"orders\":\"SUB\"},\"groups\":{\"billing\":\"SUB\"}}");
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(put.body()).doesNotContain("billing-secret");
            JsonNode listed = JSON.readTree(call(node, "GET", "/admin/accounts", ADMIN, null).body());
            assertThat(listed.findValuesAsText("accessKey")).containsExactly("billing");
            assertThat(listed.toString()).doesNotContain("billing-secret");
            assertThat(Files.readString(dir.resolve("config/acl.json"))).contains("\"billing\"");
            assertThat(call(node, "PUT", "/admin/accounts/weak", ADMIN, "{\"secretKey\":\"short\"}").statusCode())
                .isEqualTo(400);
            assertThat(call(node, "PUT", "/admin/accounts/x", ADMIN, "{\"secretKey\":\"long-enough\","
                + "\"topics\":{\"orders\":\"READ\"}}").statusCode()).as("an unknown permission").isEqualTo(400);

            try (RawClient billing = new RawClient(node.brokerAddress())) {
                assertThat(billing.authenticate("billing", "billing-secret").status()).isEqualTo(Status.OK);
                assertThat(billing.call(Opcode.TOPIC_ROUTE, new TopicRouteRequest("orders")).status())
                    .isEqualTo(Status.OK);
                assertThat(billing.call(Opcode.TOPIC_ROUTE, new TopicRouteRequest("payments")).status())
                    .isEqualTo(Status.NO_PERMISSION);
                assertThat(call(node, "DELETE", "/admin/accounts/billing", ADMIN, null).statusCode()).isEqualTo(200);
                assertThat(billing.call(Opcode.TOPIC_ROUTE, new TopicRouteRequest("orders")).status())
                    .as("a removed account's open connection").isEqualTo(Status.AUTH_FAILED);
            }
            assertThat(call(node, "DELETE", "/admin/accounts/billing", ADMIN, null).statusCode()).isEqualTo(404);
            assertThat(call(node, "GET", "/metrics", null, null).body()).contains("wharf_admin_refused_total 5.0");
        }
    }

    @Test
    void withoutTokensTheApiIsOpenAndAccountsNeedAcl() throws Exception {
        try (BrokerNode node = TestNodes.start(dir, "topic.auto.create", "true");
             RawClient withCredentials = new RawClient(node.brokerAddress())) {
            assertThat(withCredentials.authenticate("order-service", "any-secret").status())
                .as("without ACL a client's credentials are accepted unchecked").isEqualTo(Status.OK);
            assertThat(withCredentials.call(Opcode.TOPIC_ROUTE, new TopicRouteRequest("orders")).status())
                .isEqualTo(Status.OK);
            assertThat(withCredentials.authenticate("member:n1", "any-secret").status())
                .as("but a member's credentials without a cluster secret are refused").isEqualTo(Status.AUTH_FAILED);
            assertThat(call(node, "GET", "/admin/topics", null, null).statusCode()).isEqualTo(200);
            HttpResponse<String> r = call(node, "GET", "/admin/accounts", null, null);
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("acl.enabled");
        }
    }

    private HttpResponse<String> call(BrokerNode node, String method, String path, String token, String body)
        throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminAddress().getPort()
            + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
