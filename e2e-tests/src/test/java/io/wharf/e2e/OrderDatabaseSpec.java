package io.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The producer's database goes away while orders are placed (seed 001 §1): order-service parks them in Redis and
 * answers 202; the broker's check-back for each stored half finds the parked order and writes it once the
 * database is back; the payment callbacks the provider retries then pay them, and each gets its coupon.
 */
@Order(4)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OrderDatabaseSpec {
    @RegisterExtension
    static final BeforeAllCallback STACK = WholeStack::get;

    @Test
    void orderDatabaseDownDuringPlacementCompletesThroughCheckBack() {
        LossLedger ledger = new LossLedger("orderDatabaseDownDuringPlacementCompletesThroughCheckBack",
            "orders database refuses connections while 5 orders are placed (~5 s)");
        WholeStack stack = WholeStack.current();
        stack.control("db-off orders");
        List<Shop.Placed> placed = IntStream.range(0, 5).mapToObj(i -> CompletableFuture.supplyAsync(
            () -> Shop.place("e2e-odb", "21.00"))).toList().stream().map(CompletableFuture::join).toList();
        stack.control("db-on orders");
        ledger.faultOver();
        assertThat(placed).allSatisfy(p -> assertThat(p.status()).as(p.body()).isEqualTo(202));
        placed.forEach(p -> ledger.placed(p.orderId(), "e2e-odb", LossLedger.Expect.PAID));
        for (Shop.Placed p : placed) {
            Await.until(Duration.ofSeconds(60), () -> WholeStack.get(WholeStack.ORDERS + "/orders/" + p.orderId())
                .status() == 200, () -> p.orderId() + " was not written after the database came back");
            assertThat(Shop.pay(p.orderId(), "21.00", Duration.ofSeconds(30))).isEqualTo(200);
        }
        LossLedger.Report report = ledger.settle(Duration.ofMinutes(2));
        assertThat(report.clean()).as("ledger: %s", report).isTrue();
    }
}
