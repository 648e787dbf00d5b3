package io.wharf.client.it;

import java.util.stream.IntStream;
import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.producer.Producer;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.testkit.Await;
import io.wharf.client.testkit.ChildConsumer;
import io.wharf.client.testkit.ChildConsumer.Got;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member killed with SIGKILL while it consumes (no shutdown, no last commit) loses nothing: the survivors take
 * its queues over from its last committed offset and consume every message it had not finished. Messages it
 * finished after its last commit arrive again (duplicates are allowed).
 */
class ConsumerCrashTest extends BrokerTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCrashTest.class);
    private static final int MESSAGES = 2000;

    @Test
    void survivorsConsumeEverythingAMemberKilledMidBatchHadNotFinished() throws Exception {
        BrokerProxy raw = rawBroker();
        int queues = raw.queueCount("crash", 3000).join();
        List<ChildConsumer> members = new ArrayList<>();
        for (String id : List.of("crash-1", "crash-2", "crash-3")) {
            members.add(closeAfter(ChildConsumer.start(broker.address(), "crash-group", "crash", id, 2)));
        }
        for (ChildConsumer m : members) {
            assertThat(m.awaitStarted(30_000)).as("%s started: %s", m.clientId(), m.otherOutput()).isTrue();
        }
        Await.until(Duration.ofSeconds(15), () -> raw.consumerList("crash-group", 3000).join().size() == 3,
            () -> "members " + raw.consumerList("crash-group", 3000).join());
        // The rebalance has settled once every queue of the topic is consumed by exactly one member, each by one.
        Await.until(Duration.ofSeconds(20), () -> {
            List<Integer> all = members.stream().flatMap(m -> m.assigned().stream()).sorted().toList();
            return all.equals(IntStream.range(0, queues).boxed().toList())
                && members.stream().allMatch(m -> !m.assigned().isEmpty());
        }, () -> "assignments " + members.stream().map(m -> m.clientId() + "=" + m.assigned()).toList());

        Producer producer = producer();
        Set<String> sent = new HashSet<>();
        ChildConsumer victim = members.getFirst();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(producer.send(Message.of("crash", ("m" + i).getBytes(StandardCharsets.UTF_8))).msgId());
            if (i == MESSAGES / 2) {
                Await.until(Duration.ofSeconds(15), () -> victim.got().size() >= 150,
                    () -> "victim consumed " + victim.got().size());
                victim.kill();
            }
        }
        List<ChildConsumer> survivors = members.subList(1, members.size());
        Set<String> victimGot = ids(victim.got());
        Await.until(Duration.ofSeconds(40), () -> {
            Set<String> all = new HashSet<>(victimGot);
            survivors.forEach(s -> all.addAll(ids(s.got())));
            return all.containsAll(sent);
        }, () -> "missing " + missing(sent, victimGot, survivors).size());

        Set<String> survivorsGot = new HashSet<>();
        survivors.forEach(s -> survivorsGot.addAll(ids(s.got())));
        Set<String> notFinishedByVictim = new HashSet<>(sent);
        notFinishedByVictim.removeAll(victimGot);
        assertThat(survivorsGot).containsAll(notFinishedByVictim);
        Set<String> redelivered = new HashSet<>(victimGot);
        redelivered.retainAll(survivorsGot);
        LOG.info("victim consumed {} before SIGKILL; {} of them were consumed again by the survivors",
            victimGot.size(), redelivered.size());
    }

    private static Set<String> ids(List<Got> got) {
        return got.stream().map(Got::msgId).collect(Collectors.toSet());
    }

    private static Set<String> missing(Set<String> sent, Set<String> victimGot, List<ChildConsumer> survivors) {
        Set<String> missing = new HashSet<>(sent);
        missing.removeAll(victimGot);
        survivors.forEach(s -> missing.removeAll(ids(s.got())));
        return missing;
    }
}
