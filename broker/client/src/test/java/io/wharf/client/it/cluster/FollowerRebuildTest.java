package io.wharf.client.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.client.Message;
import io.wharf.client.ReceivedMessage;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendStatus;
import io.wharf.testkit.AdminCalls;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerGroup;
import io.wharf.testkit.BrokerProcess;
import io.wharf.testkit.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower that was down while the leader wrote several segments and retention deleted them cannot be caught up
 * by appends: the leader offers a copy of its store, the follower fetches it over a member-authenticated
 * connection, restarts over it and then follows by appends. Proved by what it does next: with the other follower
 * down it is the majority that acknowledges new sends, and once the old leader is killed too it is the one that
 * leads, serving every message sent since the rebuild.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FollowerRebuildTest {
    private static final String TOPIC = "rebuild";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SETTINGS = List.of("-Dwharf.store.retention.ms=1500",
        "-Dwharf.store.retention.check.interval.ms=300", "-Dwharf.cluster.secret=rebuild-cluster-secret-0123");

    @TempDir
    Path tmp;

    @Test
    void aFollowerDownLongerThanRetentionIsRebuiltFromTheLeadersStoreAndLeadsAfterAFailover() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, SETTINGS)) {
            BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(60));
            AdminCalls.createTopic(leader.adminUrl(), TOPIC, 4);
            List<BrokerGroup.Member> followers = group.members().stream().filter(m -> m != leader).toList();
            BrokerGroup.Member behind = followers.get(0);
            BrokerGroup.Member other = followers.get(1);
            behind.kill();
            long missed = store(behind, leader).path("logEndIndex").asLong();

            try (Producer producer = new Producer(ProducerConfig.builder("rebuild-producers", group.bootstrap())
                .build())) {
                producer.start();
                // About 4 MiB: four 1 MiB segments; retention (1.5 s) then deletes all but the active one.
                sendAll(producer, "old", 256, 16 * 1024);
                Await.until(Duration.ofSeconds(30), () -> store(leader, leader).path("logFirstIndex").asLong()
                    > missed + 1, () -> "retention did not run on the leader: " + store(leader, leader));

                behind.start();
                Await.until(Duration.ofSeconds(90), () -> behind.output().stream()
                    .anyMatch(l -> l.contains("restarting broker node " + behind.id() + " over the leader's store")),
                    () -> "no rebuild: " + tail(behind));
                Await.until(Duration.ofSeconds(60), () -> {
                    JsonNode b = behind.cluster();
                    JsonNode l = leader.cluster();
                    return b != null && l != null && b.path("lastIndex").asLong() >= l.path("commitIndex").asLong();
                }, group::describe);
                behind.output().stream().filter(l -> l.contains("store copy from")).forEach(System.out::println);
                assertThat(store(behind, behind).path("logFirstIndex").asLong())
                    .as("the copy starts where the leader's log started, past what it had").isGreaterThan(missed + 1);

                // With the other follower down, the rebuilt one is the majority that acknowledges.
                other.kill();
                List<String> after = sendAll(producer, "after", 40, 1024);
                assertThat(after).hasSize(40);
            }

            leader.kill();
            other.start();
            BrokerGroup.Member next = group.awaitLeader(Duration.ofSeconds(90));
            assertThat(next.id()).as("only the rebuilt member holds the latest entries").isEqualTo(behind.id());
            Set<String> got = ConcurrentHashMap.newKeySet();
            try (PushConsumer consumer = consumer(group.bootstrap(), got)) {
                Await.until(Duration.ofSeconds(60), () -> got.containsAll(expectedAfter()), () -> "after the "
                    + "failover got " + got.stream().filter(s -> s.startsWith("after")).sorted().toList());
            }
        }
    }

    /**
     * Replacing a machine long after the group started: the new node's empty log needs entries retention deleted,
     * so it joins as a learner through a copy of the leader's store, and the change completes once it caught up.
     */
    @Test
    void aNewMemberJoinsAGroupWhoseEarlyEntriesRetentionDeleted() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, SETTINGS)) {
            BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(60));
            AdminCalls.createTopic(leader.adminUrl(), TOPIC, 4);
            try (Producer producer = new Producer(ProducerConfig.builder("join-producers", group.bootstrap())
                .build())) {
                producer.start();
                sendAll(producer, "old", 256, 16 * 1024);
            }
            Await.until(Duration.ofSeconds(30), () -> store(leader, leader).path("logFirstIndex").asLong() > 1,
                () -> "retention did not run on the leader: " + store(leader, leader));
            String members = group.members().stream().map(m -> m.id() + "@" + m.address())
                .collect(Collectors.joining(","));
            int[] ports = Ports.free(2);
            String n4Address = "127.0.0.1:" + ports[0];
            List<String> n4Settings = new ArrayList<>(SETTINGS);
            n4Settings.addAll(List.of("-Dwharf.node.id=n4", "-Dwharf.cluster.members=" + members,
                "-Dwharf.cluster.join=true", "-Dwharf.broker.port=" + ports[0], "-Dwharf.admin.port=" + ports[1]));
            try (BrokerProcess n4 = BrokerProcess.start(tmp.resolve("n4"),
                n4Settings)) {
                HttpResponse<String> added = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(leader.adminUrl()
                        + "/admin/cluster/members")).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"n4\",\"address\":\"" + n4Address + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
                assertThat(added.body()).contains("n4");
                assertThat(n4.output()).anyMatch(l -> l.contains("restarting broker node n4 over the leader's store"));
                JsonNode n4Store = JSON.readTree(AdminCalls.get(n4.adminUrl() + "/admin/store").body());
                assertThat(n4Store.path("logFirstIndex").asLong()).as("n4 holds the copy, not index 1")
                    .isGreaterThan(1);
            }
        }
    }

    private static List<String> expectedAfter() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add("after-" + i);
        }
        return out;
    }

    /** Sends {@code count} messages named {@code prefix-i} (padded to {@code bytes}); returns the acknowledged. */
    private static List<String> sendAll(Producer producer, String prefix, int count, int bytes) {
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + i;
            byte[] body = (name + "|" + "x".repeat(Math.max(0, bytes - name.length() - 1)))
                .getBytes(StandardCharsets.UTF_8);
            if (producer.send(Message.of(TOPIC, body)).sendStatus() == SendStatus.SEND_OK) {
                acked.add(name);
            }
        }
        return acked;
    }

    private static PushConsumer consumer(String bootstrap, Set<String> got) {
        PushConsumer consumer = new PushConsumer(ConsumerConfig.builder("rebuild-check", bootstrap)
            .clientId("rebuild-check-1").consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> {
                String body = new String(m.body(), StandardCharsets.UTF_8);
                got.add(body.substring(0, body.indexOf('|')));
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer;
    }

    /** {@code GET /admin/store} of {@code m} (or of {@code fallback} when {@code m} is down). */
    private static JsonNode store(BrokerGroup.Member m, BrokerGroup.Member fallback) {
        BrokerGroup.Member ask = m.running() ? m : fallback;
        try {
            return JSON.readTree(AdminCalls.get(ask.adminUrl() + "/admin/store").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(BrokerGroup.Member m) {
        List<String> out = m.output();
        return String.join("\n", out.subList(Math.max(0, out.size() - 30), out.size()));
    }
}
