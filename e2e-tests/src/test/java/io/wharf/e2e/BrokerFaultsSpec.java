package io.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The broker side under faults (seed 001 §2, seed 004 §1): the leader killed with SIGKILL twice while 1000 orders
 * are placed and paid, and the whole broker group killed while orders keep coming — order-service accepts them,
 * spools what it cannot send, and announces everything once the group is back.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BrokerFaultsSpec {
    @RegisterExtension
    static final BeforeAllCallback STACK = WholeStack::get;

    @Test
    @Order(1)
    void brokerLeaderKilledTwiceUnder1000OrdersLosesNoOrder() {
        LossLedger ledger = new LossLedger("brokerLeaderKilledTwiceUnder1000OrdersLosesNoOrder",
            "broker leader SIGKILLed twice (each restarted) under 8 clients placing and paying 1000 orders");
        WholeStack stack = WholeStack.current();
        OrderLoad load = OrderLoad.start(ledger, "e2e-leader", 8, 1000);
        List<String> killed = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            load.awaitPlaced(150 + 350 * round);
            String leader = stack.leader();
            stack.control("kill " + leader);
            killed.add(leader);
            load.awaitPlaced(load.placed() + 100);
            stack.control("start " + leader);
        }
        load.finish();
        ledger.faultOver();
        LossLedger.Report report = ledger.settle(Duration.ofMinutes(3));
        assertThat(report.clean()).as("ledger: %s", report).isTrue();
        assertThat(report.acknowledged()).isGreaterThanOrEqualTo(1000);
        assertThat(report.refused()).as("requests refused: %s", report.refusals()).isZero();
        assertThat(killed).hasSize(2);
    }

    @Test
    @Order(2)
    void wholeBrokerGroupDownOrdersAreAcceptedAndAnnouncedLater() {
        LossLedger ledger = new LossLedger("wholeBrokerGroupDownOrdersAreAcceptedAndAnnouncedLater",
            "all 3 broker nodes SIGKILLed while 20 orders are placed and paid, then restarted");
        WholeStack stack = WholeStack.current();
        for (int n = 1; n <= 3; n++) {
            stack.control("kill broker-n" + n);
        }
        List<CompletableFuture<String>> orders = IntStream.range(0, 20).mapToObj(i -> CompletableFuture
            .supplyAsync(() -> Shop.placeAndPay(ledger, "e2e-down", "33.00"))).toList();
        orders.forEach(CompletableFuture::join);
        assertThat(ledger.size()).as("orders accepted with the group down").isEqualTo(20);
        assertThat(LossLedger.spoolPending()).as("messages waiting in the spool").isPositive();
        Await.holdsFor(Duration.ofSeconds(2), () -> WholeStack.get(WholeStack.COUPONS
            + "/coupons?userId=e2e-down").json().isEmpty(), () -> "a coupon without a broker");
        for (int n = 1; n <= 3; n++) {
            stack.control("start broker-n" + n);
        }
        ledger.faultOver();
        LossLedger.Report report = ledger.settle(Duration.ofMinutes(3));
        assertThat(report.clean()).as("ledger: %s", report).isTrue();
        assertThat(report.expectedPaid()).as("every order was paid (none timed out): %s", report).isEqualTo(20);
        assertThat(report.spoolPending()).isZero();
    }
}
