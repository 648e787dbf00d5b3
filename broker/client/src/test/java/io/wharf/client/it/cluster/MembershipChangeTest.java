package io.wharf.client.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerGroup;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a dead machine of a running 3-node group through the admin API, with real processes and producers
 * sending all along: a fourth node joins (cluster.join) and is added once it caught up as a learner, a member is
 * killed for good and removed, and then the leader is killed: the remaining three elect a new leader, and every
 * acknowledged message is there.
 */
class MembershipChangeTest {
    private static final String TOPIC = "membership";
    private static final String SECRET = "-Dwharf.cluster.secret=members-only-secret-0123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void aDeadMemberIsReplacedWhileProducersSendAndNothingAcknowledgedIsLost() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, List.of(SECRET))) {
            group.awaitLeader(Duration.ofSeconds(60));
            String members = group.members().stream().map(m -> m.id() + "@" + m.address())
                .collect(Collectors.joining(","));
            int[] ports = Ports.free(2);
            String n4Address = "127.0.0.1:" + ports[0];
            String bootstrap = group.bootstrap() + "," + n4Address;
            SequencedLoad load = new SequencedLoad(bootstrap, TOPIC, 2);
            List<SequencedLoad.Ack> acks;
            try (BrokerProcess n4 = BrokerProcess.start(tmp.resolve("n4"), List.of(SECRET, "-Dwharf.node.id=n4",
                "-Dwharf.cluster.members=" + members, "-Dwharf.cluster.join=true",
                "-Dwharf.broker.port=" + ports[0], "-Dwharf.admin.port=" + ports[1]))) {
                Await.until(Duration.ofSeconds(30), () -> load.acks().size() >= 300, () -> "acks "
                    + load.acks().size() + ", failures " + load.failures());

                JsonNode added = call("POST", leaderAdmin(group, n4) + "/admin/cluster/members",
                    "{\"id\":\"n4\",\"address\":\"" + n4Address + "\"}");
                assertThat(added.path("members").toString()).contains("n4");
                Await.until(Duration.ofSeconds(30), () -> !cluster(n4.adminUrl()).path("leader").asText().isEmpty()
                    && cluster(n4.adminUrl()).path("members").size() == 4, () -> "n4 sees " + cluster(n4.adminUrl()));

                String leaderNow = cluster(n4.adminUrl()).path("leader").asText();
                BrokerGroup.Member dead = group.members().stream().filter(m -> !m.id().equals(leaderNow))
                    .findFirst().orElseThrow();
                dead.kill();
                JsonNode removed = call("DELETE", leaderAdmin(group, n4) + "/admin/cluster/members/" + dead.id(),
                    null);
                assertThat(removed.path("members").toString()).doesNotContain(dead.id()).contains("n4");
                long acksBefore = load.acks().size();
                Await.until(Duration.ofSeconds(30), () -> load.acks().size() > acksBefore + 200,
                    () -> "acks after the removal " + load.acks().size() + ", failures " + load.failures());

                // The group is now the leader, the third original member and n4: losing the leader leaves two
                // of three, a majority of the new configuration (of the old one, two of four would not be).
                String last = cluster(n4.adminUrl()).path("leader").asText();
                BrokerGroup.Member victim = group.members().stream().filter(m -> m.id().equals(last)).findFirst()
                    .orElse(null);
                if (victim != null) {
                    victim.kill();
                } else {
                    n4.close(); // n4 leads: SIGKILL it instead
                }
                String killed = last;
                long killedAt = load.acks().size();
                Await.until(Duration.ofSeconds(60), () -> load.acks().size() > killedAt + 200,
                    () -> "acks after the leader kill " + load.acks().size() + ", failures " + load.failures()
                        + "\n" + cluster(n4.adminUrl()));
                String viewer = leaderAdmin(group, victim == null ? null : n4);
                JsonNode view = cluster(viewer);
                assertThat(view.path("leader").asText()).isNotIn(killed, dead.id());
                List<String> ids = new ArrayList<>();
                view.path("members").forEach(m -> ids.add(m.path("id").asText()));
                assertThat(ids).as("the configuration after the changes").hasSize(3).contains(killed, "n4")
                    .doesNotContain(dead.id());
                load.stop();
                acks = load.acks();
                // Read back while the two members left (a majority of the three) still run.
                List<DeliveryCheck.Line> report = DeliveryCheck.run(bootstrap, TOPIC, acks, tmp.resolve("offsets"),
                    Duration.ofSeconds(120));
                assertThat(report).as("acknowledged messages missing per producer and queue")
                    .allSatisfy(l -> assertThat(l.missing()).isEmpty());
                assertThat(report.stream().mapToInt(DeliveryCheck.Line::acknowledged).sum()).isEqualTo(acks.size());
            } finally {
                load.stop();
                load.close();
            }
        }
    }

    /** The admin URL of whichever running node serves as leader now (n4 included, when given). */
    private static String leaderAdmin(BrokerGroup group, BrokerProcess n4) {
        String[] found = {null};
        Await.until(Duration.ofSeconds(60), () -> {
            for (BrokerGroup.Member m : group.members()) {
                if (m.running() && m.serving()) {
                    found[0] = m.adminUrl();
                    return true;
                }
            }
            if (n4 != null && n4.alive() && cluster(n4.adminUrl()).path("role").asText().equals("LEADER")) {
                found[0] = n4.adminUrl();
                return true;
            }
            return false;
        }, group::describe);
        return found[0];
    }

    private static JsonNode cluster(String adminUrl) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(adminUrl + "/admin/cluster")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            return JSON.createObjectNode().put("error", e.toString());
        }
    }

    private static JsonNode call(String method, String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method,
            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
