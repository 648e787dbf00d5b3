package io.wharf.order.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.wharf.order.persistence.SpoolEntry;
import io.wharf.order.persistence.SpoolRepository;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API's contract: idempotent placement, queries and pagination, problem bodies, health, metrics, OpenAPI. */
@MicronautTest(transactional = false)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderApiTest extends ServiceTestBase {

    @Inject
    SpoolRepository spool;

    /** Without the background jobs: a spooled row stays spooled. */
    @Override
    Map<String, String> extraProperties() {
        return Map.of("orders.jobs.enabled", "false");
    }

    @Test
    void aPlacedOrderAwaitsPayment() {
        Api.Reply r = api.place("u-1", null, "sku-a", 2, "10.25", "sku-b", 1, "5");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.str("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(new BigDecimal(r.str("total"))).isEqualByComparingTo("25.50");
        assertThat(r.str("orderId")).startsWith("o-");
        assertThat(r.list("items")).hasSize(2);

        Api.Reply got = api.get("/orders/" + r.str("orderId"));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(r.body());
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheSameOrder() {
        Api.Reply first = api.place("u-2", "key-1", "sku-a", 1, "3.00");
        Api.Reply again = api.place("u-2", "key-1", "sku-a", 1, "3.00");
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Api.Reply>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(pool.submit(() -> {
                go.await();
                return api.place("u-race", "key-race", "sku-a", 1, "2.00");
            }));
        }
        go.countDown();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (java.util.concurrent.Future<Api.Reply> f : replies) {
            Api.Reply r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.text()).isIn(200, 201);
            ids.add(r.str("orderId"));
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(api.get("/orders?userId=u-race").list("items")).hasSize(1);
    }

    @Test
    void aMissingUserIdIsAProblemNamingTheField() {
        Api.Reply r = api.call(HttpRequest.POST("/orders", "{\"items\":[{\"sku\":\"a\",\"qty\":1,\"unitPrice\":1}]}"));
        assertProblem(r, 400, "userId");
    }

    @Test
    void aZeroQuantityIsAProblemNamingTheField() {
        Api.Reply r = api.place("u-3", null, "sku-a", 0, "1.00");
        assertProblem(r, 400, "items[0].qty");
    }

    @Test
    void malformedJsonIsAProblem() {
        Api.Reply r = api.call(HttpRequest.POST("/orders", "{\"userId\": \"u-4\", \"items\": [").contentType(
            "application/json"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.str("status")).isEqualTo("400");
        assertThat(r.str("detail")).isNotBlank();
    }

    @Test
    void anUnknownOrderIsAProblem() {
        assertProblem(api.get("/orders/o-unknown"), 404, null);
        assertProblem(api.pay("o-unknown", "p-1", BigDecimal.ONE), 404, null);
        assertProblem(api.close("o-unknown", "CANCELLED"), 404, null);
    }

    @Test
    void badQueryParametersAreProblemsNamingThem() {
        assertProblem(api.get("/orders?status=LOST"), 400, "status");
        assertProblem(api.get("/orders?limit=0"), 400, "limit");
    }

    private static void assertProblem(Api.Reply r, int status, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.str("status")).isEqualTo(Integer.toString(status));
        assertThat(r.str("title")).isNotBlank();
        if (field != null) {
            assertThat(r.list("errors")).as(r.text()).extracting(e -> e.get("field")).contains(field);
        }
    }

    @Test
    void ordersAreListedByIdPageByPage() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.place("u-list", new BigDecimal("1.00")).status()).isEqualTo(201);
        }
        Api.Reply first = api.get("/orders?userId=u-list&limit=2");
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.list("items")).hasSize(2);
        Api.Reply second = api.get("/orders?userId=u-list&limit=2&cursor=" + first.str("nextCursor"));
        assertThat(second.list("items")).hasSize(1);
        assertThat(second.body().get("nextCursor")).isNull();
        List<Object> ids = new java.util.ArrayList<>(first.list("items").stream().map(m -> m.get("orderId")).toList());
        ids.add(second.list("items").getFirst().get("orderId"));
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        Api.Reply paid = api.get("/orders?userId=u-list&status=PAID");
        assertThat(paid.list("items")).as(paid.text()).isEmpty();
        assertThat(api.get("/orders?userId=u-list&status=PENDING_PAYMENT").list("items")).hasSize(3);
    }

    @Test
    void healthMetricsSpoolAndOpenApiAreServed() {
        Api.Reply health = api.get("/health");
        assertThat(health.status()).as(health.text()).isEqualTo(200);
        assertThat(health.text()).contains("\"spool\"").contains("\"jdbc").contains("\"redis");
        assertThat(health.str("status")).isEqualTo("UP");

        Api.Reply spool = api.get("/admin/spool");
        assertThat(spool.str("pending")).isEqualTo("0");

        String prometheus = http.toBlocking().retrieve("/prometheus");
        assertThat(prometheus).contains("wharf_order_spool_pending");

        String openapi = http.toBlocking().retrieve("/swagger/order-service-0.1.yml");
        assertThat(openapi).contains("/orders/{id}/payment").contains("/admin/spool");
    }

    @Test
    void aNonEmptySpoolDegradesHealthWithoutTakingTheServiceDown() {
        assertThat(api.place("u-health", new BigDecimal("1.00")).status()).as("connects the publishers").isEqualTo(201);
        SpoolEntry row = spool.save(new SpoolEntry(null, "order-events", "OrderPlaced", "o-x", "{}", null, "o-x", 0,
            Instant.now().minusSeconds(5)));
        try {
            Api.Reply health = api.get("/health");
            assertThat(health.status()).as(health.text()).isEqualTo(200);
            assertThat(health.str("status")).isNotEqualTo("DOWN");
            assertThat(health.text()).contains("DEGRADED");
            Api.Reply s = api.get("/admin/spool");
            assertThat(s.str("pending")).isEqualTo("1");
            assertThat(Long.parseLong(s.str("oldestAgeSeconds"))).isGreaterThanOrEqualTo(4);
            assertThat(http.toBlocking().retrieve("/prometheus")).contains("wharf_order_spool_pending 1.0");
        } finally {
            spool.deleteById(row.id());
        }
        assertThat(api.get("/health").str("status")).isEqualTo("UP");
    }
}
