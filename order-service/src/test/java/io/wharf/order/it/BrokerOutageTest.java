package io.wharf.order.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.order.persistence.OrderRepository;
import io.wharf.testkit.Await;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 001 §1.2, §1.4 and §4: the broker group is down. Orders are still accepted, unannounced, their messages
 * spooled; health reports the spool; once the broker is back (same data, same port) the compensator stores
 * the missing halves (committing the one of an order paid meanwhile), the relay delivers every spooled message
 * in order, and an order placed before the outage is paid and announced as usual.
 */
@MicronautTest(transactional = false)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrokerOutageTest extends ServiceTestBase {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private TestStack.Received events;
    private TestStack.Received timeouts;

    @Inject
    OrderRepository orders;

    private String place(String userId, String total, int expectedStatus) {
        Api.Reply r = api.place(userId, new BigDecimal(total));
        assertThat(r.status()).as(r.text()).isEqualTo(expectedStatus);
        return r.str("orderId");
    }

    private void awaitEvent(String tag, String orderId) {
        Await.until(DELIVERY, () -> !events.of(tag, orderId).isEmpty(), () -> "events " + events.all);
    }

    @Test
    void ordersAcceptedWhileTheBrokerIsDownAreAnnouncedInOrderOnceItIsBack() throws Exception {
        // The test's consumer of order-events stays up across the outage, as coupon-service's does.
        events = stack.consume("test-events", Topics.ORDER_EVENTS, "*");
        String before = place("u-before", "1.00", 201);
        awaitEvent(Tags.ORDER_PLACED, before);

        stack.stopBroker();
        String paidMeanwhile = place("u-down", "2.00", 201);
        String closedMeanwhile = place("u-down", "3.00", 201);
        String pending = place("u-down", "4.00", 201);
        assertThat(orders.findById(pending).orElseThrow().isAnnounced()).isFalse();
        assertThat(api.pay(paidMeanwhile, "pay-down", new BigDecimal("2.00")).str("status")).isEqualTo("PAID");
        assertThat(api.close(closedMeanwhile, "CANCELLED").str("status")).isEqualTo("CLOSED");

        Api.Reply spool = api.get("/admin/spool");
        assertThat(Long.parseLong(spool.str("pending"))).as(spool.text()).isEqualTo(7);
        Api.Reply health = api.get("/health");
        assertThat(health.text()).contains("DEGRADED");

        stack.startBroker();
        timeouts = stack.consume("test-timeouts", Topics.ORDER_TIMEOUT, "*");
        Await.until(DELIVERY, () -> "0".equals(api.get("/admin/spool").str("pending")),
            () -> "spool " + api.get("/admin/spool").text());
        awaitEvent(Tags.ORDER_PAID, paidMeanwhile);
        for (String id : List.of(paidMeanwhile, closedMeanwhile, pending)) {
            awaitEvent(Tags.ORDER_PLACED, id);
            Await.until(DELIVERY, () -> !timeouts.of(Tags.ORDER_TIMEOUT_CHECK, id).isEmpty(),
                () -> "timeout checks " + timeouts.all);
        }
        awaitEvent(Tags.ORDER_CLOSED, closedMeanwhile);
        List<TestStack.Message> placedEvents = events.of(Tags.ORDER_PLACED, closedMeanwhile);
        TestStack.Message closedEvent = events.of(Tags.ORDER_CLOSED, closedMeanwhile).getFirst();
        assertThat(placedEvents).as("one queue per order").allSatisfy(m -> assertThat(m.queueId())
            .isEqualTo(closedEvent.queueId()));
        assertThat(placedEvents).as("closed after placed").allSatisfy(m -> assertThat(m.queueOffset())
            .isLessThan(closedEvent.queueOffset()));
        Await.until(DELIVERY, () -> orders.findById(pending).orElseThrow().isAnnounced(), () -> "announced");

        assertThat(api.pay(pending, "pay-pending", new BigDecimal("4.00")).status()).isEqualTo(200);
        assertThat(api.pay(before, "pay-before", new BigDecimal("1.00")).status()).isEqualTo(200);
        awaitEvent(Tags.ORDER_PAID, pending);
        awaitEvent(Tags.ORDER_PAID, before);
        Await.holdsFor(Duration.ofSeconds(2), () -> events.of(Tags.ORDER_PAID, closedMeanwhile).isEmpty()
            && List.of(before, paidMeanwhile, pending).stream().allMatch(id -> events.of(Tags.ORDER_PAID, id)
                .size() == 1), () -> "events " + events.all);
        // Spooled messages are delivered at least once: a re-send whose first answer timed out while the broker
        // was coming back may be stored twice (consumers de-duplicate by key). OrderPaid is exactly once.
        for (String id : List.of(before, paidMeanwhile, closedMeanwhile, pending)) {
            assertThat(events.of(Tags.ORDER_PLACED, id)).as("placed " + id).isNotEmpty();
            assertThat(timeouts.of(Tags.ORDER_TIMEOUT_CHECK, id)).as("timeout check " + id).isNotEmpty();
        }
        assertThat(events.of(Tags.ORDER_PAID, closedMeanwhile)).isEmpty();
        for (String id : List.of(before, paidMeanwhile, pending)) {
            assertThat(events.of(Tags.ORDER_PAID, id)).as("paid " + id).hasSize(1);
        }
        assertThat(api.get("/health").str("status")).isEqualTo("UP");
    }
}
