package io.wharf.timeout.it;

import io.wharf.service.testing.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.wharf.testkit.Await;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The other two modes together: order-service sends the first check at the order's payment deadline (deliver-at,
 * 2 s after creation; the broker's timer), and order-timeout checks stepwise (seed 001 §1.5): each check re-sends
 * itself with a 1 s delay and the third closes the order, so an unpaid order closes no sooner than 4 s after it was
 * placed, after two re-scheduled checks.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StepwiseDeadlineTest implements TestPropertyProvider {
    private final TimeoutStack stack = TimeoutStack.start("stepwise", Map.of("orders.timeout-mode", "deliver-at",
        "orders.timeout-delay", "2s"));

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(stack.properties());
        p.put("timeouts.mode", "stepwise");
        p.put("timeouts.steps", "3");
        return p;
    }

    @AfterAll
    void stopStack() throws Exception {
        server.getApplicationContext().close();
        stack.close();
    }

    @Test
    void theThirdCheckAfterThePaymentDeadlineClosesTheOrder() {
        Http orders = new Http(stack.orderServiceUrl(), json);
        Http timeouts = new Http(server.getURL().toString(), json);
        Http.Reply placed = orders.post("/orders", "{\"userId\":\"u-step\",\"items\":[{\"sku\":\"s\",\"qty\":2,"
            + "\"unitPrice\":3.50}]}");
        assertThat(placed.status()).as(placed.text()).isEqualTo(201);
        String id = (String) placed.map().get("orderId");
        Instant createdAt = Instant.parse((String) placed.map().get("createdAt"));
        String[] status = {""};
        Await.until(Duration.ofSeconds(40), () -> "CLOSED".equals(status[0] = String.valueOf(
            orders.get("/orders/" + id).map().get("status"))), () -> "order still " + status[0]);
        Instant closedAt = Instant.parse((String) orders.get("/orders/" + id).map().get("updatedAt"));
        assertThat(Duration.between(createdAt, closedAt)).as("deadline 2 s + two 1 s steps")
            .isGreaterThanOrEqualTo(Duration.ofMillis(3900));
        @SuppressWarnings("unchecked")
        Map<String, Object> outcomes = (Map<String, Object>) timeouts.get("/timeouts/stats").map().get("outcomes");
        assertThat(((Number) outcomes.get("rescheduled")).longValue()).isEqualTo(2);
        assertThat(((Number) outcomes.get("closed")).longValue()).isEqualTo(1);
        assertThat(((Number) timeouts.get("/timeouts/stats").map().get("checks")).longValue()).isEqualTo(3);
    }
}
