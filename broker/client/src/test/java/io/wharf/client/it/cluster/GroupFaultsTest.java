package io.wharf.client.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendResult;
import io.wharf.client.producer.SendStatus;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults other than a leader kill, against a real 3-node group: a follower killed (writes go on), two members
 * killed (writes stop and say so: no send is acknowledged without a majority), and all three killed at once
 * under load (nothing acknowledged is lost when they come back).
 */
class GroupFaultsTest {
    private static final String TOPIC = "faults";

    @TempDir
    Path tmp;

    @Test
    void aKilledFollowerDoesNotStopWritesAndCatchesUpWhenBack() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, List.of())) {
            BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(60));
            BrokerGroup.Member follower = group.members().stream().filter(m -> m != leader).findFirst()
                .orElseThrow();
            SequencedLoad load = new SequencedLoad(group.bootstrap(), TOPIC, 2);
            try {
                Await.until(Duration.ofSeconds(30), () -> load.acks().size() >= 200, group::describe);
                follower.kill();
                int before = load.acks().size();
                Await.until(Duration.ofSeconds(10), () -> load.acks().size() >= before + 500,
                    () -> "writes stalled with one follower down: " + load.failures() + group.describe());
                follower.start();
                Await.until(Duration.ofSeconds(60), () -> {
                    var c = follower.cluster();
                    var l = leader.cluster();
                    return c != null && l != null && c.path("lastIndex").asLong() >= l.path("commitIndex").asLong()
                        - 100;
                }, group::describe);
            } finally {
                load.close();
            }
            assertNothingMissing(group, load.acks());
        }
    }

    @Test
    void withTwoMembersDownNoSendIsAcknowledged() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, List.of())) {
            BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(60));
            try (Producer p = new Producer(ProducerConfig.builder("two-down", group.bootstrap()).build())) {
                p.start();
                assertThat(send(p, "before").sendStatus()).isEqualTo(SendStatus.SEND_OK);
                List<BrokerGroup.Member> followers = group.members().stream().filter(m -> m != leader).toList();
                followers.forEach(BrokerGroup.Member::kill);
                for (int i = 0; i < 5; i++) {
                    SendResult r = null;
                    RuntimeException error = null;
                    try {
                        r = send(p, "during-" + i);
                    } catch (RuntimeException e) {
                        error = e;
                    }
                    assertThat(r == null || r.sendStatus() != SendStatus.SEND_OK)
                        .as("send %d with two of three members down answered %s", i, r).isTrue();
                    assertThat(r != null || error != null).isTrue();
                }
                followers.get(0).start();
                group.awaitLeader(Duration.ofSeconds(60));
                Await.until(Duration.ofSeconds(30), () -> {
                    try {
                        return send(p, "after").sendStatus() == SendStatus.SEND_OK;
                    } catch (RuntimeException e) {
                        return false;
                    }
                }, group::describe);
            }
        }
    }

    @Test
    void allThreeKilledAtOnceUnderLoadLoseNothingAcknowledged() throws Exception {
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, List.of())) {
            group.awaitLeader(Duration.ofSeconds(60));
            SequencedLoad load = new SequencedLoad(group.bootstrap(), TOPIC, 4);
            try {
                Await.until(Duration.ofSeconds(30), () -> load.acks().size() >= 1000, group::describe);
                group.members().forEach(BrokerGroup.Member::kill);
                load.stop();
            } finally {
                load.close();
            }
            for (BrokerGroup.Member m : group.members()) {
                m.start();
            }
            group.awaitLeader(Duration.ofSeconds(60));
            assertNothingMissing(group, load.acks());
        }
    }

    private static SendResult send(Producer p, String body) {
        return p.send(Message.of(TOPIC, body.getBytes(StandardCharsets.UTF_8)));
    }

    private void assertNothingMissing(BrokerGroup group, List<SequencedLoad.Ack> acks) {
        List<DeliveryCheck.Line> report = DeliveryCheck.run(group.bootstrap(), TOPIC, acks, tmp.resolve("offsets"),
            Duration.ofSeconds(60));
        assertThat(acks).isNotEmpty();
        assertThat(report).allSatisfy(l -> assertThat(l.missing()).as("missing of %s@%d", l.producer(),
            l.queueId()).isEmpty());
    }
}
