package io.wharf.order.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.order.persistence.OrderRepository;
import io.wharf.testkit.Await;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 001 §1.3: the database fails while an order is placed. The order is parked in Redis and accepted (202);
 * the broker's check-back writes it to the database once it is back; it is then paid and announced once. With
 * Redis down as well nothing is kept and the caller is told to retry (503).
 */
@MicronautTest(transactional = false)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DatabaseOutageTest extends ServiceTestBase {
    private TestStack.Received events;

    @Inject
    OrderRepository orders;
    @Inject
    StatefulRedisConnection<String, String> redis;

    @BeforeAll
    void start() {
        events = stack.consume("test-paid", Topics.ORDER_EVENTS, Tags.ORDER_PAID);
    }

    private boolean inDatabase(String id) {
        try {
            return orders.existsById(id);
        } catch (RuntimeException stillDown) {
            return false;
        }
    }

    @Test
    void anOrderPlacedWhileTheDatabaseIsDownIsWrittenByTheCheckBackAndPaidOnce() throws Exception {
        assertThat(api.place("u-warm", new BigDecimal("1.00")).status()).isEqualTo(201);
        stack.postgres.stop();
        String id;
        try {
            Api.Reply accepted = api.place("u-parked", "key-parked", "sku-p", 2, "2.50");
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
            assertThat(accepted.str("status")).isEqualTo("ACCEPTED");
            id = accepted.str("orderId");
            assertThat(redis.sync().get("order:parked:" + id)).contains("u-parked");
            Api.Reply repeated = api.place("u-parked", "key-parked", "sku-p", 2, "2.50");
            assertThat(repeated.status()).isEqualTo(202);
            assertThat(repeated.str("orderId")).isEqualTo(id);
        } finally {
            stack.postgres.restart();
        }

        // The check-back writes the order, then removes its parked copy: wait for both, not just the first.
        Await.until(Duration.ofSeconds(30), () -> inDatabase(id) && redis.sync().get("order:parked:" + id) == null,
            () -> "order " + id + " not written back (or its parked copy not removed)");
        Api.Reply got = api.get("/orders/" + id);
        assertThat(got.str("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(new BigDecimal(got.str("total"))).isEqualByComparingTo("5.00");
        assertThat(api.place("u-parked", "key-parked", "sku-p", 2, "2.50").str("orderId")).isEqualTo(id);

        Api.Reply paid = api.pay(id, "pay-parked", new BigDecimal("5.00"));
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        Await.until(Duration.ofSeconds(20), () -> events.of(Tags.ORDER_PAID, id).size() == 1,
            () -> "events " + events.all);
        Await.holdsFor(Duration.ofSeconds(2), () -> events.of(Tags.ORDER_PAID, id).size() == 1,
            () -> "events " + events.all);
        assertThat(events.of(Tags.ORDER_PAID, id)).hasSize(1);
    }

    @Test
    void withTheDatabaseAndRedisDownNothingIsKeptAndTheCallerIsToldToRetry() throws Exception {
        stack.postgres.stop();
        stack.redis.stop();
        try {
            Api.Reply refused = api.place("u-refused", new BigDecimal("9.00"));
            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.str("detail")).contains("nothing was placed");
        } finally {
            stack.redis.restart();
            stack.postgres.restart();
        }
        Await.until(Duration.ofSeconds(20), () -> api.get("/orders?userId=u-refused").status() == 200,
            () -> "database back");
        Await.holdsFor(Duration.ofSeconds(2), () -> api.get("/orders?userId=u-refused").list("items").isEmpty(),
            () -> "orders " + api.get("/orders?userId=u-refused").text());
        assertThat(api.get("/orders?userId=u-refused").list("items")).isEmpty();
    }
}
