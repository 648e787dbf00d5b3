package io.wharf.timeout.it;

import io.wharf.service.testing.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.wharf.client.ReceivedMessage;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.ConsumerConfig;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.testkit.Await;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * order-timeout (single mode) against the real order-service: the first check, delayed 1 s, closes an unpaid order
 * and its OrderPaid half is rolled back (never delivered); a paid order is left alone; a check that finds
 * order-service down is tried again until it answers.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OrderTimeoutTest implements TestPropertyProvider {
    private final TimeoutStack stack = TimeoutStack.start("single", Map.of());
    private final Set<String> paidKeys = ConcurrentHashMap.newKeySet();
    /** Every OrderPaid number seen, delivered or skipped, by producer instance. */
    private final Map<String, Set<Long>> numbers = new ConcurrentHashMap<>();
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    private PushConsumer paidWatcher;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    Http orders;
    Http timeouts;

    @Override
    public Map<String, String> getProperties() {
        return stack.properties();
    }

    @BeforeAll
    void connect() {
        orders = new Http(stack.orderServiceUrl(), json);
        timeouts = new Http(server.getURL().toString(), json);
        paidWatcher = new PushConsumer(ConsumerConfig.builder("paid-watcher", stack.brokerAddress())
            .localOffsetDir(stack.dir.resolve("watcher")).consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
            .build());
        paidWatcher.subscribe(Topics.ORDER_EVENTS, Tags.ORDER_PAID);
        paidWatcher.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            for (ReceivedMessage m : msgs) {
                SequenceStamp.of(m.properties()).ifPresent(st -> numbers.computeIfAbsent(st.producer(),
                    p -> ConcurrentHashMap.newKeySet()).add(st.number()));
                if (SequenceStamp.isSkipMarker(m.properties())) {
                    skipped.add(m.properties().get(SequenceStamp.PRODUCER) + "#"
                        + m.properties().get(SequenceStamp.NUMBER));
                } else {
                    paidKeys.add(m.keys());
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        paidWatcher.start();
    }

    @AfterAll
    void stopStack() throws Exception {
        paidWatcher.shutdown();
        server.getApplicationContext().close();
        stack.close();
    }

    String place(String user) {
        Http.Reply r = orders.post("/orders", "{\"userId\":\"" + user + "\",\"items\":[{\"sku\":\"sku-1\","
            + "\"qty\":1,\"unitPrice\":10.00}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return (String) r.map().get("orderId");
    }

    String status(String orderId) {
        return String.valueOf(orders.get("/orders/" + orderId).map().get("status"));
    }

    long outcome(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) timeouts.get("/timeouts/stats").map().get("outcomes");
        return ((Number) o.getOrDefault(name, 0)).longValue();
    }

    @Test
    void anUnpaidOrderIsClosedAfterTheDelayAndItsPaidEventIsNeverDelivered() {
        String id = place("u-unpaid");
        Await.until(Duration.ofSeconds(30), () -> "CLOSED".equals(status(id)), () -> "still " + status(id));
        assertThat(orders.get("/orders/" + id).map()).containsEntry("closeReason", "TIMEOUT");
        String paidAlready = place("u-marker");
        assertThat(orders.post("/orders/" + paidAlready + "/payment", "{\"paymentId\":\"pm-" + paidAlready
            + "\",\"amount\":10.00}").status()).isEqualTo(200);
        Await.until(Duration.ofSeconds(30), () -> paidKeys.stream().anyMatch(k -> k.contains(paidAlready)),
            () -> "the paid marker order was not delivered");
        assertThat(paidKeys).noneMatch(k -> k.contains(id));
    }

    @Test
    void aPaidOrderIsLeftAlone() {
        long before = outcome("skipped_paid");
        String id = place("u-paid");
        assertThat(orders.post("/orders/" + id + "/payment", "{\"paymentId\":\"pm-" + id + "\",\"amount\":10.00}")
            .status()).isEqualTo(200);
        Await.until(Duration.ofSeconds(30), () -> outcome("skipped_paid") > before, () -> "no skipped check");
        assertThat(status(id)).isEqualTo("PAID");
    }

    @Test
    void aCheckThatFindsOrderServiceDownIsRetriedUntilItAnswers() throws Exception {
        long retriesBefore = outcome("retry");
        String id = place("u-down");
        stack.killOrderService();
        Await.until(Duration.ofSeconds(30), () -> outcome("retry") >= retriesBefore + 2,
            () -> "checks not retried while order-service was down");
        stack.startOrderService();
        Await.until(Duration.ofSeconds(30), () -> "CLOSED".equals(status(id)), () -> "still " + status(id));
    }

    /**
     * order-service stamps its messages; each closed order's rolled-back half leaves its number to a skip marker
     * (sent by whichever instance closed it, also after a restart), so the OrderPaid numbers have no hole.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyOrderPaidNumberIsDeliveredOrSkippedSoTheStreamsHaveNoHoles() {
        assertThat(numbers).as("order-service stamps its OrderPaid halves").isNotEmpty();
        Await.until(Duration.ofSeconds(30), () -> numbers.values().stream().allMatch(OrderTimeoutTest::contiguous),
            () -> "holes in " + numbers + " (skipped " + skipped + ")");
        assertThat(skipped).as("closed orders' numbers are skipped, not lost").isNotEmpty();
    }

    private static boolean contiguous(Set<Long> seen) {
        long max = seen.stream().mapToLong(Long::longValue).max().orElse(0);
        return seen.size() == max;
    }

    @Test
    void statsShowTheLatenessOfEveryCheck() {
        Http.Reply r = timeouts.get("/timeouts/stats");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.list("lateness")).isNotEmpty().allSatisfy(b -> assertThat(b).containsKeys("leMs", "count"));
        assertThat(timeouts.get("/prometheus").text()).contains("timeouts_lateness_seconds_bucket");
        assertThat(timeouts.get("/swagger/order-timeout-0.1.yml").text()).contains("/timeouts/stats");
        assertThat(timeouts.get("/health").status()).isEqualTo(200);
    }
}
