package io.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wharf.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The life of an order through the whole system (seeds 001, 004): placed and paid → exactly one coupon and a
 * warehouse row; paid three times at once → still one coupon; left unpaid → closed by its delayed check, never
 * announced; paid after the close → refused and recorded, no coupon; and the warehouse equals the order database
 * at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class OrderLifecycleSpec {
    /** Starts the suite's stack before the first scenario (and stops it after the last). */
    @RegisterExtension
    static final BeforeAllCallback STACK = WholeStack::get;

    private static String place(String user, String price) {
        WholeStack.Reply r = WholeStack.post(WholeStack.ORDERS + "/orders", "{\"userId\":\"" + user
            + "\",\"items\":[{\"sku\":\"sku-1\",\"qty\":1,\"unitPrice\":" + price + "}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("orderId").asText();
    }

    private static WholeStack.Reply pay(String orderId, String paymentId, String amount) {
        return WholeStack.post(WholeStack.ORDERS + "/orders/" + orderId + "/payment", "{\"paymentId\":\""
            + paymentId + "\",\"amount\":" + amount + "}");
    }

    private static JsonNode awaitCoupon(String orderId) {
        WholeStack.Reply[] last = {null};
        Await.until(Duration.ofSeconds(60), () -> (last[0] = WholeStack.get(WholeStack.COUPONS
            + "/coupons/by-order/" + orderId)).status() == 200, () -> "no coupon for " + orderId + ": " + last[0]);
        return last[0].json();
    }

    private static int couponsOf(String user) {
        return WholeStack.get(WholeStack.COUPONS + "/coupons?userId=" + user).json().size();
    }

    private static void settleClean(String scenario, String user, String id, LossLedger.Expect expect,
                                    int duplicateCallbacks) {
        LossLedger ledger = new LossLedger(scenario, "none");
        ledger.placed(id, user, expect);
        ledger.duplicateCallbacks(duplicateCallbacks);
        LossLedger.Report report = ledger.settle(Duration.ofSeconds(60));
        assertThat(report.clean()).as("ledger: %s", report).isTrue();
    }

    private static String status(String orderId) {
        return WholeStack.get(WholeStack.ORDERS + "/orders/" + orderId).json().get("status").asText();
    }

    @Test
    @Order(1)
    void paidOrderGetsExactlyOneCoupon() {
        String id = place("e2e-paid", "120.00");
        assertThat(pay(id, "pm-" + id, "120.00").status()).isEqualTo(200);
        JsonNode coupon = awaitCoupon(id);
        assertThat(coupon.get("value").decimalValue()).isEqualByComparingTo("15");
        Await.holdsFor(Duration.ofSeconds(3), () -> couponsOf("e2e-paid") == 1, () -> "more than one coupon");
        WholeStack.Reply[] row = {null};
        Await.until(Duration.ofSeconds(30), () -> (row[0] = WholeStack.get(WholeStack.WAREHOUSE
            + "/warehouse/orders/" + id)).status() == 200 && "PAID".equals(row[0].json().get("status").asText()),
            () -> "warehouse row of " + id + ": " + row[0]);
        settleClean("paidOrderGetsExactlyOneCoupon", "e2e-paid", id, LossLedger.Expect.PAID, 0);
    }

    @Test
    @Order(2)
    void duplicatePaymentCallbacksIssueOneCoupon() {
        String id = place("e2e-dup", "30.00");
        List<CompletableFuture<WholeStack.Reply>> callbacks = IntStream.range(0, 3)
            .mapToObj(i -> CompletableFuture.supplyAsync(() -> pay(id, "pm-" + id, "30.00"))).toList();
        assertThat(callbacks).allSatisfy(c -> assertThat(c.join().status()).isEqualTo(200));
        awaitCoupon(id);
        Await.holdsFor(Duration.ofSeconds(3), () -> couponsOf("e2e-dup") == 1, () -> "more than one coupon");
        settleClean("duplicatePaymentCallbacksIssueOneCoupon", "e2e-dup", id, LossLedger.Expect.PAID, 2);
    }

    @Test
    @Order(3)
    void unpaidOrderIsClosedAndNeverAnnounced() {
        String id = place("e2e-unpaid", "9.00");
        Await.until(Duration.ofSeconds(60), () -> "CLOSED".equals(status(id)), () -> "still " + status(id));
        Await.holdsFor(Duration.ofSeconds(3), () -> WholeStack.get(WholeStack.COUPONS + "/coupons/by-order/" + id)
            .status() == 404, () -> "a closed order got a coupon");
        assertThat(WholeStack.get(WholeStack.TIMEOUTS + "/timeouts/stats").json().get("outcomes").get("closed")
            .asLong()).isPositive();
        settleClean("unpaidOrderIsClosedAndNeverAnnounced", "e2e-unpaid", id, LossLedger.Expect.CLOSED, 0);
    }

    @Test
    @Order(4)
    void latePaymentAfterTimeoutCloseEndsInOneState() {
        String id = place("e2e-late", "11.00");
        Await.until(Duration.ofSeconds(60), () -> "CLOSED".equals(status(id)), () -> "still " + status(id));
        WholeStack.Reply late = pay(id, "pm-late-" + id, "11.00");
        assertThat(late.status()).as(late.text()).isEqualTo(409);
        assertThat(status(id)).isEqualTo("CLOSED");
        Await.holdsFor(Duration.ofSeconds(3), () -> WholeStack.get(WholeStack.COUPONS + "/coupons/by-order/" + id)
            .status() == 404, () -> "a closed order got a coupon");
        settleClean("latePaymentAfterTimeoutCloseEndsInOneState", "e2e-late", id, LossLedger.Expect.CLOSED, 0);
    }
}
