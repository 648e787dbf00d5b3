package io.wharf.coupon.it;

import io.wharf.service.testing.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.wharf.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The coupon database goes away (seed 004 §2–3): shorter than the retry ladder (about 12 s here), every coupon is
 * issued once it is back; longer, the deliveries end in the DLQ with their history and a re-drive issues each
 * coupon once; a second re-drive changes nothing.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CouponDatabaseOutageTest extends CouponServiceTestBase {
    private static final Pattern FAILED = Pattern.compile(
        "wharf_listener_failed_total\\{[^}]*group=\"coupon-service\"[^}]*} ([0-9.]+)");


    private double failures() {
        Matcher m = FAILED.matcher(http.get("/prometheus").text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private void publish(String prefix, int count) {
        for (int i = 0; i < count; i++) {
            stack.publishPaid(prefix + i, "u-" + prefix, "30.00");
        }
    }

    private void awaitCoupons(long expected) {
        Await.until(Duration.ofSeconds(60), () -> stack.couponCounts()[0] == expected,
            () -> "coupons " + stack.couponCounts()[0] + ", expected " + expected);
        long[] counts = stack.couponCounts();
        assertThat(counts[1]).as("distinct orders").isEqualTo(counts[0]);
    }

    @Test
    @Order(1)
    void anOutageShorterThanTheRetryLadderIssuesEveryCouponWhenTheDatabaseReturns() {
        double before = failures();
        stack.postgres.stop();
        publish("short-", 5);
        Await.until(Duration.ofSeconds(30), () -> failures() >= before + 5,
            () -> "deliveries did not fail while the database was down: " + failures());
        stack.postgres.restart();
        awaitCoupons(5);
        assertThat(dlq().get("dead")).as("nothing reached the DLQ").isEqualTo(0);
    }

    @Test
    @Order(2)
    void aLongerOutageEndsInTheDeadLetterQueueAndOneRedriveIssuesEachCouponOnce() {
        stack.postgres.stop();
        publish("long-", 3);
        Await.until(Duration.ofSeconds(90), () -> ((Number) dlq().get("awaiting")).longValue() == 3,
            () -> "dead letters: " + dlq());
        Http.Reply page = http.get("/coupons/dead-letters");
        for (Map<String, Object> m : page.list("messages")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> history = (Map<String, Object>) m.get("failureHistory");
            assertThat(((Number) history.get("reconsumeTimes")).intValue()).isEqualTo(5);
            assertThat((List<?>) history.get("failureTimes")).as("the first delivery and 5 retries").hasSize(6);
            assertThat(String.valueOf(history.get("originalTopic"))).isEqualTo("order-events");
        }
        assertThat(http.get("/health").text()).contains("DEGRADED");
        stack.postgres.restart();
        Await.holdsFor(Duration.ofSeconds(2), () -> stack.couponCounts()[0] == 5,
            () -> "a dead message was consumed without a re-drive");

        Http.Reply redrive = http.post("/coupons/dead-letters/redrive", "{\"all\":true}");
        assertThat(redrive.status()).isEqualTo(200);
        assertThat(redrive.map().get("redriven")).asList().hasSize(3);
        awaitCoupons(8);

        List<Object> ids = page.list("messages").stream().map(m -> m.get("offsetMsgId")).toList();
        Http.Reply again = http.post("/coupons/dead-letters/redrive", "{\"ids\":" + toJson(ids) + "}");
        assertThat(again.map().get("redriven")).asList().isEmpty();
        assertThat(again.map().get("skipped")).asList().hasSize(3);
        assertThat(http.post("/coupons/dead-letters/redrive", "{\"all\":true}").map().get("redriven")).asList()
            .isEmpty();
        Await.holdsFor(Duration.ofSeconds(3), () -> stack.couponCounts()[0] == 8,
            () -> "a second re-drive issued more coupons");
    }

    private Map<String, Object> dlq() {
        Http.Reply r = http.get("/coupons/dead-letters?max=1");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Map<String, Object> m = new java.util.HashMap<>(r.map());
        m.putIfAbsent("dead", 0);
        m.putIfAbsent("awaiting", 0);
        return m;
    }

    private static String toJson(List<Object> ids) {
        return ids.stream().map(i -> "\"" + i + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
