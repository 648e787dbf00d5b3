package io.wharf.coupon.it;

import io.wharf.service.testing.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** coupon-service on a real PostgreSQL and broker: idempotent issue, queries, problems, poison, sequence gaps. */
@MicronautTest
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CouponServiceTest extends CouponServiceTestBase {

    private Http.Reply awaitCoupon(String orderId) {
        Http.Reply[] last = {null};
        Await.until(Duration.ofSeconds(30), () -> (last[0] = http.get("/coupons/by-order/" + orderId)).status()
            == 200, () -> "no coupon for " + orderId + ": " + last[0]);
        return last[0];
    }

    @Test
    void aPaidOrderGetsOneCouponValuedByTheRules() {
        stack.publishPaid("o-small", "u-1", "42.50");
        stack.publishPaid("o-big", "u-1", "750.00");
        Http.Reply small = awaitCoupon("o-small");
        Http.Reply big = awaitCoupon("o-big");
        assertThat(small.map()).containsEntry("userId", "u-1").containsEntry("orderId", "o-small");
        assertThat(new java.math.BigDecimal(small.map().get("value").toString())).isEqualByComparingTo("5");
        assertThat(new java.math.BigDecimal(big.map().get("value").toString())).isEqualByComparingTo("60");
        Http.Reply byId = http.get("/coupons/" + small.map().get("id"));
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.map()).containsEntry("orderId", "o-small");
        Http.Reply mine = http.get("/coupons?userId=u-1");
        assertThat(mine.items()).extracting(m -> m.get("orderId")).contains("o-small", "o-big");
    }

    @Test
    void theSameOrderPaidDeliveredThreeTimesIssuesOneCoupon() {
        String body = CouponStack.paidJson("o-dup", "u-2", "120.00");
        List<String> ids = List.of(stack.publishPaid("o-dup", body, Map.of()),
            stack.publishPaid("o-dup", body, Map.of()), stack.publishPaid("o-dup", body, Map.of()));
        assertThat(ids).doesNotHaveDuplicates();
        awaitCoupon("o-dup");
        String marker = stack.publishPaid("o-dup-after", "u-2", "1.00");
        awaitCoupon("o-dup-after");
        assertThat(marker).isNotBlank();
        assertThat(http.get("/coupons?userId=u-2").items()).extracting(m -> m.get("orderId"))
            .containsExactlyInAnyOrder("o-dup", "o-dup-after");
        assertThat(http.get("/prometheus").text()).containsPattern("coupons_deliveries_total\\{outcome=\"duplicate\""
            + "[^\\n]*} [2-9]");
    }

    @Test
    void unknownCouponsAndBadQueriesAreProblems() {
        Http.Reply missing = http.get("/coupons/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.map()).containsEntry("status", 404);
        Http.Reply noUser = http.get("/coupons");
        assertThat(noUser.status()).isEqualTo(400);
        assertThat(noUser.contentType()).startsWith("application/problem+json");
        Http.Reply badLimit = http.get("/coupons?userId=u&limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.list("errors")).extracting(e -> e.get("field")).contains("limit");
        Http.Reply badRedrive = http.post("/coupons/dead-letters/redrive", "{}");
        assertThat(badRedrive.status()).isEqualTo(400);
        assertThat(badRedrive.text()).contains("give either ids or all");
    }

    @Test
    void aPoisonPayloadGoesToTheDeadLetterQueueAtOnceWithItsReason() {
        stack.publishPaid("o-poison", "{\"orderId\": [not json", Map.of());
        Http.Reply[] last = {null};
        Await.until(Duration.ofSeconds(30), () -> {
            last[0] = http.get("/coupons/dead-letters");
            return last[0].status() == 200 && last[0].list("messages").stream()
                .anyMatch(m -> String.valueOf(m.get("bodyText")).contains("not json"));
        }, () -> "poison not in the DLQ: " + last[0]);
        @SuppressWarnings("unchecked")
        Map<String, Object> history = (Map<String, Object>) last[0].list("messages").stream()
            .filter(m -> String.valueOf(m.get("bodyText")).contains("not json")).findFirst().orElseThrow()
            .get("failureHistory");
        assertThat(String.valueOf(history.get("failureReason"))).contains("cannot decode");
        assertThat(((Number) history.get("reconsumeTimes")).intValue()).isZero();
        assertThat(http.get("/health").text()).contains("deadLetters");
    }

    @Test
    void aNumberLeftOutIsReportedAfterTheWindowAndTheLateOneClosesIt() {
        Await.until(Duration.ofSeconds(30), () -> http.get("/admin/sequence-gaps").status() == 200,
            () -> "no sequence report");
        String producer = "test-producer-" + System.nanoTime();
        for (int n : new int[] {1, 2, 4}) {
            stack.publishPaid("o-seq-" + n, CouponStack.paidJson("o-seq-" + n, "u-seq", "10.00"),
                Map.of(SequenceStamp.PRODUCER, producer, SequenceStamp.NUMBER, Integer.toString(n)));
        }
        Http.Reply[] last = {null};
        Await.until(Duration.ofSeconds(30), () -> gapsOf(last, producer).equals(List.of(List.of(3L, 3L))),
            () -> "gap 3 not reported: " + last[0]);
        assertThat(http.get("/prometheus").text()).containsPattern("wharf_sequence_missing\\{[^}]*} [1-9]");
        stack.publishPaid("o-seq-3", CouponStack.paidJson("o-seq-3", "u-seq", "10.00"),
            Map.of(SequenceStamp.PRODUCER, producer, SequenceStamp.NUMBER, "3"));
        Await.until(Duration.ofSeconds(30), () -> gapsOf(last, producer).isEmpty(),
            () -> "gap 3 still reported after 3 arrived: " + last[0]);
        awaitCoupon("o-seq-3");
    }

    private List<List<Long>> gapsOf(Http.Reply[] last, String producer) {
        last[0] = http.get("/admin/sequence-gaps");
        List<Map<String, Object>> gaps = last[0].list("gaps");
        return gaps == null ? List.of() : gaps.stream().filter(g -> producer.equals(g.get("producer")))
            .map(g -> List.of(((Number) g.get("from")).longValue(), ((Number) g.get("to")).longValue())).toList();
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        Http.Reply health = http.get("/health");
        assertThat(health.text()).contains("jdbc").contains("wharf");
        assertThat(http.get("/prometheus").text()).contains("coupons_deliveries_total");
        Http.Reply spec = http.get("/swagger/coupon-service-0.1.yml");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.text()).contains("/coupons/dead-letters/redrive").contains("/admin/sequence-gaps");
    }
}
