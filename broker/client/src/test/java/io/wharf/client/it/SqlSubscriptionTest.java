package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.Message;
import io.wharf.client.WharfClientException;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.MessageSelector;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.testkit.Await;
import io.wharf.client.testkit.ConsumerLag;
import io.wharf.client.ReceivedMessage;
import io.wharf.protocol.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * SQL92 subscriptions against a real broker: each subscriber gets exactly the messages its condition selects, a
 * condition that does not parse fails {@code start()} with the position of the error, and a subscriber moves on
 * over any run of messages it does not want.
 */
class SqlSubscriptionTest extends BrokerTestBase {
    private static final int MESSAGES = 12;
    private static final String[] REGIONS = {"EU", "US", "APAC"};

    /** Message {@code i} has a = i, region = REGIONS[i % 3], and vip = 'yes' when i is even. */
    private static Message message(String topic, int i) {
        Message.Builder b = Message.builder(topic).property("a", Integer.toString(i))
            .property("region", REGIONS[i % 3]).body(("m" + i).getBytes(StandardCharsets.UTF_8));
        if (i % 2 == 0) {
            b.property("vip", "yes");
        }
        return b.build();
    }

    private static Set<String> bodies(int... indexes) {
        Set<String> out = new TreeSet<>();
        for (int i : indexes) {
            out.add("m" + i);
        }
        return out;
    }

    /** Starts a consumer of {@code topic} from its first offset that records the bodies it receives. */
    private PushConsumer subscriber(String group, String topic, String sql, Set<String> received) {
        PushConsumer c = consumer(consumerConfig(group, group + "-1")
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        c.subscribe(topic, MessageSelector.bySql(sql));
        c.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> received.add(new String(m.body(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        return c;
    }

    private BrokerProxy raw;

    private boolean caughtUp(String group, String topic) {
        if (raw == null) {
            raw = rawBroker();
        }
        return ConsumerLag.of(raw, group, topic).values().stream().allMatch(l -> l.lag() == 0);
    }

    @Test
    void eachSqlSubscriberReceivesExactlyTheMessagesItsConditionSelects() {
        Map<String, Set<String>> table = Map.of(
            "a > 5 AND region = 'EU'", bodies(6, 9),
            "a BETWEEN 2 AND 4", bodies(2, 3, 4),
            "region IN ('US', 'APAC') AND NOT a < 9", bodies(10, 11),
            "vip IS NULL", bodies(1, 3, 5, 7, 9, 11),
            "vip IS NOT NULL AND a <= 2", bodies(0, 2),
            "a <> 3 AND (a >= 10 OR region = 'nowhere')", bodies(10, 11),
            "region NOT IN ('EU') AND a = 1.0", bodies(1),
            "missing = 1 OR FALSE", bodies(),
            "TRUE", bodies(IntStream.range(0, MESSAGES).toArray()));
        Producer producer = producer();
        for (int i = 0; i < MESSAGES; i++) {
            producer.send(message("sql", i));
        }
        Map<String, Set<String>> received = new ConcurrentHashMap<>();
        Map<String, String> groupOf = new ConcurrentHashMap<>();
        int n = 0;
        for (String sql : table.keySet()) {
            String group = "sql-" + n++;
            groupOf.put(sql, group);
            Set<String> got = received.computeIfAbsent(sql, k -> ConcurrentHashMap.newKeySet());
            subscriber(group, "sql", sql, got).start();
        }
        for (String sql : table.keySet()) {
            Await.until(Duration.ofSeconds(20), () -> caughtUp(groupOf.get(sql), "sql")
                && received.get(sql).containsAll(table.get(sql)), () -> sql + " received " + received.get(sql));
        }
        for (Map.Entry<String, Set<String>> row : table.entrySet()) {
            assertThat(new TreeSet<>(received.get(row.getKey()))).as(row.getKey()).isEqualTo(row.getValue());
        }
    }

    @Test
    void badConditionsFailStartWithThePositionOfTheError() {
        Map<String, Integer> table = Map.of(
            "a =", 3,
            "a == 5", 3,
            "(a = 5", 6,
            "a BETWEEN 1 5", 12,
            "region IN ('EU'", 15,
            "'unterminated", 0,
            "a = 5 OR", 8);
        int n = 0;
        for (Map.Entry<String, Integer> row : table.entrySet()) {
            PushConsumer c = subscriber("bad-" + n, "sql-bad", row.getKey(), ConcurrentHashMap.newKeySet());
            assertThatThrownBy(c::start).as(row.getKey()).isInstanceOf(WharfClientException.class)
                .hasMessageContaining("position " + row.getValue())
                .satisfies(e -> assertThat(((WharfClientException) e).status()).isEqualTo(Status.BAD_REQUEST));
            n++;
        }
        List<String> unbounded = List.of("(".repeat(40) + "a = 1" + ")".repeat(40), "a = 1 OR ".repeat(600)
            + "a = 1");
        for (String sql : unbounded) {
            PushConsumer c = subscriber("bad-" + n++, "sql-bad", sql, ConcurrentHashMap.newKeySet());
            assertThatThrownBy(c::start).isInstanceOf(WharfClientException.class).hasMessageContaining("position");
        }
    }

    @Test
    void aLongRunOfNonMatchingMessagesDoesNotStallASqlSubscriber() {
        Producer producer = producer();
        producer.send(message("sql-run", 0));
        Set<String> received = ConcurrentHashMap.newKeySet();
        subscriber("run", "sql-run", "vip = 'yes'", received).start();
        Await.until(Duration.ofSeconds(20), () -> received.contains("m0"), () -> "received " + received);

        int odd = 1;
        for (int batch = 0; batch < 20; batch++) {
            List<Message> run = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                run.add(message("sql-run", odd));
                odd += 2;
            }
            producer.sendBatch(run);
        }
        producer.send(message("sql-run", 2));
        Await.until(Duration.ofSeconds(20), () -> received.contains("m2"), () -> "received " + received);
        Await.until(Duration.ofSeconds(10), () -> caughtUp("run", "sql-run"),
            () -> "lag " + ConsumerLag.of(raw, "run", "sql-run"));
        assertThat(received).containsExactlyInAnyOrder("m0", "m2");
    }
}
