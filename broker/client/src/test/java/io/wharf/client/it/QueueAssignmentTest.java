package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.MessageQueue;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One to five members of a group on a 4-queue topic split the queues as RocketMQ's averaging strategy does. */
class QueueAssignmentTest extends BrokerTestBase {
    private static final List<List<Integer>> EXPECTED = List.of(List.of(4), List.of(2, 2), List.of(2, 1, 1),
        List.of(1, 1, 1, 1), List.of(1, 1, 1, 1, 0));

    @Test
    void membersJoiningOneByOneConvergeToTheAveragedSplitAndLeavingGivesQueuesBack() {
        rawBroker().queueCount("assign", 3000).join();
        List<PushConsumer> members = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            members.add(start("member-" + n));
            awaitSplit(members, EXPECTED.get(n - 1));
        }
        for (int n = 5; n > 1; n--) {
            members.removeLast().shutdown();
            awaitSplit(members, EXPECTED.get(n - 2));
        }
    }

    private PushConsumer start(String clientId) {
        PushConsumer c = consumer(consumerConfig("assign-group", clientId).build());
        c.subscribe("assign", "*");
        c.registerMessageListener((List<ReceivedMessage> m, ConsumeConcurrentlyContext ctx) ->
            ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        c.start();
        return c;
    }

    private static void awaitSplit(List<PushConsumer> members, List<Integer> expectedSizes) {
        Await.until(Duration.ofSeconds(15), () -> sizes(members).equals(expectedSizes) && disjointAndComplete(members),
            () -> "expected " + expectedSizes + ", assignments " + members.stream()
                .map(m -> m.clientId() + "=" + m.assignedQueues()).toList());
        assertThat(sizes(members)).isEqualTo(expectedSizes);
    }

    private static List<Integer> sizes(List<PushConsumer> members) {
        return members.stream().map(m -> m.assignedQueues().size()).toList();
    }

    private static boolean disjointAndComplete(List<PushConsumer> members) {
        Set<MessageQueue> all = new HashSet<>();
        int total = 0;
        for (PushConsumer m : members) {
            all.addAll(m.assignedQueues());
            total += m.assignedQueues().size();
        }
        return total == 4 && all.size() == 4;
    }
}
