package io.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consumer side under faults (seed 004 §1–3): the coupon database refusing connections for less than the
 * retry ladder (retried until it recovers), for longer (dead letters, then one re-drive issues each coupon once),
 * and coupon-service frozen with SIGSTOP under a backlog, then killed with SIGKILL mid-consumption.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CouponFaultsSpec {
    @RegisterExtension
    static final BeforeAllCallback STACK = WholeStack::get;

    private static final String FAILED = "wharf_listener_failed_total";
    private static final String GROUP = "group=\"coupon-service\"";

    private static List<String> payConcurrently(LossLedger ledger, String user, int n) {
        List<CompletableFuture<String>> all = IntStream.range(0, n).mapToObj(i -> CompletableFuture.supplyAsync(
            () -> Shop.placeAndPay(ledger, user, "25.00"))).toList();
        List<String> ids = new ArrayList<>();
        all.forEach(f -> ids.add(f.join()));
        return ids;
    }

    @Test
    @Order(1)
    void couponDatabaseOutageIsRetriedUntilItRecovers() {
        LossLedger ledger = new LossLedger("couponDatabaseOutageIsRetriedUntilItRecovers",
            "coupons database refuses connections ~6 s (shorter than the 1s/2s/4s ladder)");
        double failedBefore = Prometheus.sum(WholeStack.COUPONS, FAILED, GROUP);
        long deadBefore = LossLedger.deadLettersAwaiting();
        WholeStack.current().control("db-off coupons");
        long off = System.nanoTime();
        payConcurrently(ledger, "e2e-cdb", 10);
        Await.until(Duration.ofSeconds(30), () -> Prometheus.sum(WholeStack.COUPONS, FAILED, GROUP) > failedBefore,
            () -> "no delivery failed while the coupon database was away");
        long remaining = Duration.ofSeconds(6).toMillis() - (System.nanoTime() - off) / 1_000_000;
        sleep(Math.max(0, remaining));
        WholeStack.current().control("db-on coupons");
        ledger.faultOver();
        LossLedger.Report report = ledger.settle(Duration.ofSeconds(120));
        assertThat(report.clean()).as("ledger: %s", report).isTrue();
        assertThat(report.acknowledged()).isEqualTo(10);
        assertThat(Prometheus.sum(WholeStack.COUPONS, "wharf_listener_retried_total", GROUP))
            .as("deliveries were retried").isPositive();
        assertThat(LossLedger.deadLettersAwaiting()).as("nothing reached the DLQ").isEqualTo(deadBefore);
    }

    @Test
    @Order(2)
    void longOutageGoesToDeadLetterAndRedriveIssuesEachCouponOnce() {
        LossLedger ledger = new LossLedger("longOutageGoesToDeadLetterAndRedriveIssuesEachCouponOnce",
            "coupons database refuses connections until 5 deliveries are dead letters (~20 s), then one re-drive");
        long deadBefore = LossLedger.deadLettersAwaiting();
        WholeStack.current().control("db-off coupons");
        List<String> ids = payConcurrently(ledger, "e2e-dlq", 5);
        assertThat(ledger.size()).isEqualTo(5);
        Await.until(Duration.ofSeconds(150), () -> LossLedger.deadLettersAwaiting() >= deadBefore + 5,
            () -> "dead letters awaiting: " + LossLedger.deadLettersAwaiting());
        WholeStack.current().control("db-on coupons");
        ledger.faultOver();
        assertThat(ids).allSatisfy(id -> assertThat(WholeStack.get(WholeStack.COUPONS + "/coupons/by-order/" + id)
            .status()).as("a coupon before the re-drive").isEqualTo(404));
        JsonNode redriven = WholeStack.post(WholeStack.COUPONS + "/coupons/dead-letters/redrive", "{\"all\":true}")
            .json();
        assertThat(redriven.path("redriven").size()).as("%s", redriven).isGreaterThanOrEqualTo(5);
        LossLedger.Report report = ledger.settle(Duration.ofSeconds(120));
        assertThat(report.clean()).as("ledger: %s", report).isTrue();
        assertThat(report.deadLettersAwaiting()).isZero();
        JsonNode again = WholeStack.post(WholeStack.COUPONS + "/coupons/dead-letters/redrive", "{\"all\":true}")
            .json();
        assertThat(again.path("redriven").size()).as("a second re-drive: %s", again).isZero();
        Await.holdsFor(Duration.ofSeconds(3), () -> WholeStack.get(WholeStack.COUPONS
            + "/coupons?userId=e2e-dlq").json().size() == 5, () -> "not one coupon per order after the re-drives");
    }

    @Test
    @Order(3)
    void couponServiceKilledMidConsumptionIssuesNoDuplicate() {
        WholeStack stack = WholeStack.current();
        double issuedBefore = Prometheus.sum(WholeStack.COUPONS, "coupons_deliveries_total", "issued");
        stack.control("pause coupon-service");
        LossLedger scratch = new LossLedger("-", "-");
        OrderLoad load = OrderLoad.start(scratch, "e2e-kill", 8, 200);
        load.finish();
        stack.control("resume coupon-service");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        double seen;
        while ((seen = Prometheus.sum(WholeStack.COUPONS, "coupons_deliveries_total", "issued"))
            < issuedBefore + 20) {
            assertThat(System.nanoTime()).as("coupon-service did not resume consuming").isLessThan(deadline);
            sleep(10);
        }
        stack.control("pause coupon-service");
        int issued = (int) (seen - issuedBefore);
        stack.control("kill coupon-service");
        stack.control("start coupon-service");
        LossLedger ledger = scratch.renamed("couponServiceKilledMidConsumptionIssuesNoDuplicate",
            "coupon-service frozen (SIGSTOP) while 200 orders are paid, resumed, frozen again after about " + issued
                + " coupons, killed (SIGKILL), restarted");
        ledger.faultOver();
        ledger.absorbedAsCounted(() -> (int) Prometheus.sum(WholeStack.COUPONS, "coupons_deliveries_total",
            "duplicate"));
        LossLedger.Report report = ledger.settle(Duration.ofSeconds(180));
        assertThat(report.clean()).as("ledger: %s", report).isTrue();
        assertThat(report.acknowledged()).isGreaterThanOrEqualTo(200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
