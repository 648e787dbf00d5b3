package io.wharf.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.Message;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumeOrderlyContext;
import io.wharf.client.consumer.ConsumeOrderlyStatus;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.SelectMessageQueueByHash;
import io.wharf.testkit.Await;
import io.wharf.client.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 1,000 orders with 5 events each, sent to the queue of their order id, consumed orderly by three members while
 * one of them restarts: every order's events arrive in the order they were sent.
 */
class OrderedConsumptionTest extends BrokerTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(OrderedConsumptionTest.class);
    private static final int ORDERS = 1000;
    private static final int EVENTS = 5;

    @Test
    void eventsOfEachOrderArriveInSendOrderAcrossARestart() {
        rawBroker().queueCount("orders", 3000).join();
        Map<Long, List<Integer>> received = new ConcurrentHashMap<>();
        List<PushConsumer> members = new ArrayList<>();
        for (String id : List.of("ord-1", "ord-2", "ord-3")) {
            members.add(start(id, received));
        }
        Await.until(Duration.ofSeconds(15), () -> members.stream().mapToInt(m -> m.assignedQueues().size()).sum() == 4
            && members.stream().allMatch(m -> !m.assignedQueues().isEmpty()), () -> "assignments "
            + members.stream().map(PushConsumer::assignedQueues).toList());

        Producer producer = producer();
        SelectMessageQueueByHash byOrderId = new SelectMessageQueueByHash();
        for (int event = 1; event <= EVENTS; event++) {
            for (long order = 0; order < ORDERS; order++) {
                Message m = Message.builder("orders").keys("order-" + order).property("order", Long.toString(order))
                    .property("event", Integer.toString(event)).body(("order " + order + " event " + event)
                        .getBytes(StandardCharsets.UTF_8)).build();
                producer.send(m, byOrderId, order);
            }
            if (event == 2) {
                members.get(1).shutdown();
            }
            if (event == 3) {
                members.set(1, start("ord-2", received));
            }
        }
        Await.until(Duration.ofSeconds(40), () -> received.size() == ORDERS
            && received.values().stream().allMatch(events -> Set5.complete(events)),
            () -> received.values().stream().filter(e -> !Set5.complete(e)).count() + " orders incomplete");

        int duplicates = 0;
        for (Map.Entry<Long, List<Integer>> e : received.entrySet()) {
            List<Integer> events = e.getValue();
            synchronized (events) {
                int highest = 0;
                for (int ev : events) {
                    assertThat(ev).as("order %d received %s: event %d before event %d", e.getKey(), events, ev,
                        ev - 1).isLessThanOrEqualTo(highest + 1);
                    if (ev <= highest) {
                        duplicates++;
                    }
                    highest = Math.max(highest, ev);
                }
            }
        }
        LOG.info("{} duplicate deliveries across the restart", duplicates);
        assertThat(duplicates).as("clean handovers under queue locks duplicate nothing").isZero();
    }

    private PushConsumer start(String clientId, Map<Long, List<Integer>> received) {
        PushConsumer c = consumer(consumerConfig("order-group", clientId)
            .consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET).build());
        c.subscribe("orders", "*");
        c.registerMessageListener((List<ReceivedMessage> msgs, ConsumeOrderlyContext ctx) -> {
            for (ReceivedMessage m : msgs) {
                long order = Long.parseLong(m.properties().get("order"));
                List<Integer> events = received.computeIfAbsent(order,
                    k -> Collections.synchronizedList(new ArrayList<>()));
                events.add(Integer.parseInt(m.properties().get("event")));
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        c.start();
        return c;
    }

    /** Whether an order's received events include all of 1..5. */
    private static final class Set5 {
        static boolean complete(List<Integer> events) {
            synchronized (events) {
                return events.containsAll(List.of(1, 2, 3, 4, 5));
            }
        }
    }
}
