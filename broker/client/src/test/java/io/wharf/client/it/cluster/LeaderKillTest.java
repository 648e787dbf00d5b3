package io.wharf.client.it.cluster;

import java.nio.file.Files;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.protocol.auth.Credentials;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-loss proof of the replicated group with real processes: four producers send to a 3-node group
 * (SYNC flush, majority acknowledgement) while its leader is killed with SIGKILL ten times (and paused with
 * SIGSTOP twice more, which looks like a partition to the others). Each killed leader is restarted on its own
 * data and must catch up. Afterwards every acknowledged message must be in the topic; duplicates are allowed
 * (a send retried across a leader change) and counted. The time from each kill to the first acknowledged send
 * that started after it is printed (the goal is under 2 s at p99).
 */
class LeaderKillTest {
    private static final String TOPIC = "chaos";
    /** Leader kills; {@code -Dwharf.cluster.kills=N} runs more (the failover measurement in docs/benchmarks.md). */
    private static final int KILLS = Integer.getInteger("wharf.cluster.kills", 10);
    private static final int PAUSES = Math.max(2, KILLS / 5);

    @TempDir
    Path tmp;

    @Test
    void noAcknowledgedMessageIsLostAcrossLeaderKillsAndPauses() throws Exception {
        chaos(List.of(), null, KILLS, PAUSES);
    }

    /**
     * The same with the group's security on: ACL (the producers and the checker authenticate as an account with
     * PUB|SUB on the topic) and a cluster secret the members prove to each other on every link they open.
     */
    @Test
    void withAclAndAClusterSecretNoAcknowledgedMessageIsLostEither() throws Exception {
        Path accounts = tmp.resolve("accounts.json");
        Files.writeString(accounts, """
            {"accounts": [{"accessKey": "chaos", "secretKey": "chaos-secret-1",
              "topics": {"chaos": "PUB|SUB"}, "groups": {"checker-*": "SUB"}}]}
            """);
        chaos(List.of("-Dwharf.acl.enabled=true", "-Dwharf.acl.accounts.file=" + accounts,
            "-Dwharf.cluster.secret=members-only-secret-0123"), new Credentials("chaos", "chaos-secret-1"), 3, 1);
    }

    private void chaos(List<String> settings, Credentials credentials, int kills, int pauses) throws Exception {
        List<Long> killToFirstSend = new ArrayList<>();
        List<Long> pauseToFirstSend = new ArrayList<>();
        List<SequencedLoad.Ack> acks;
        try (BrokerGroup group = BrokerGroup.start(tmp.resolve("group"), 3, settings)) {
            group.awaitLeader(Duration.ofSeconds(60));
            SequencedLoad load = new SequencedLoad(group.bootstrap(), TOPIC, 4, credentials);
            try {
                Await.until(Duration.ofSeconds(30), () -> load.acks().size() >= 500, () -> "acks "
                    + load.acks().size() + ", failures " + load.failures() + group.describe());
                for (int round = 0; round < kills + pauses; round++) {
                    boolean pause = round % 6 == 5 && pauseToFirstSend.size() < pauses
                        || killToFirstSend.size() == kills;
                    BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(30));
                    long at;
                    if (pause) {
                        leader.pause();
                        at = System.nanoTime();
                    } else {
                        at = System.nanoTime();
                        leader.kill();
                    }
                    long stoppedAt = at;
                    Await.until(Duration.ofSeconds(30), () -> load.firstAckStartedAfter(stoppedAt) > 0,
                        () -> "no send succeeded after the leader " + leader.id() + " stopped; failures "
                            + load.failures() + group.describe());
                    long ms = (load.firstAckStartedAfter(at) - at) / 1_000_000;
                    (pause ? pauseToFirstSend : killToFirstSend).add(ms);
                    System.out.printf("round %d: %s leader %s, first acknowledged send after %d ms%n", round + 1,
                        pause ? "paused" : "killed", leader.id(), ms);
                    if (pause) {
                        leader.resume();
                    } else {
                        leader.start();
                    }
                    awaitCaughtUp(group);
                }
            } finally {
                load.stop();
                load.close();
            }
            acks = load.acks();
            System.out.printf("%d sends acknowledged of %d attempts; failed attempts by cause: %s%n", acks.size(),
                load.attempts(), load.failures());
            List<DeliveryCheck.Line> report = DeliveryCheck.run(group.bootstrap(), TOPIC, acks,
                tmp.resolve("offsets"), Duration.ofSeconds(120), credentials);
            int duplicates = 0;
            for (DeliveryCheck.Line l : report) {
                System.out.printf("producer %s queue %d: %d acknowledged, %d missing %s, %d duplicated%n",
                    l.producer(), l.queueId(), l.acknowledged(), l.missing().size(), l.missing(), l.duplicated());
                duplicates += l.duplicated();
            }
            System.out.printf("kill -> first acknowledged send (ms): %s; SIGSTOP -> first send (ms): %s; "
                + "duplicates: %d%n", killToFirstSend, pauseToFirstSend, duplicates);
            List<Long> sorted = killToFirstSend.stream().sorted().toList();
            System.out.printf("kill -> first send over %d kills: p50 %d ms, p99 %d ms, max %d ms%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1,
                    (int) Math.ceil(sorted.size() * 0.99) - 1)), sorted.get(sorted.size() - 1));
            assertThat(report).as("acknowledged messages missing per producer and queue")
                .allSatisfy(l -> assertThat(l.missing()).isEmpty());
            assertThat(report.stream().mapToInt(DeliveryCheck.Line::acknowledged).sum()).isEqualTo(acks.size());
            assertThat(killToFirstSend).hasSize(kills);
        }
    }

    /** Waits until every member runs and each follower is within 1,000 entries of the leader. */
    private static void awaitCaughtUp(BrokerGroup group) {
        Await.until(Duration.ofSeconds(60), () -> {
            BrokerGroup.Member leader = group.awaitLeader(Duration.ofSeconds(30));
            JsonNode c = leader.cluster();
            if (c == null) {
                return false;
            }
            for (JsonNode m : c.path("members")) {
                if (m.has("lag") && m.path("lag").asLong() > 1000) {
                    return false;
                }
                if (!m.path("id").asText().equals(leader.id()) && !m.has("matchIndex")) {
                    return false;
                }
            }
            return group.members().stream().allMatch(BrokerGroup.Member::running);
        }, group::describe);
    }
}
