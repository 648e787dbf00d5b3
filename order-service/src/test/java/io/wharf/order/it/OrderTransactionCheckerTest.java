package io.wharf.order.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.wharf.contracts.order.OrderLine;
import io.wharf.micronaut.CheckedHalf;
import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.MessageMetadata;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.order.app.OrderTransactionChecker;
import io.wharf.order.app.OrderTransactions;
import io.wharf.order.app.ParkedOrders;
import io.wharf.order.domain.OrderDraft;
import io.wharf.order.persistence.OrderRepository;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checker's answers, asked directly with halves made up for the purpose (grace period 3 s): by the order's
 * state, for a half that is not the order's, and for an order that is nowhere or only in Redis.
 */
@MicronautTest(transactional = false)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrderTransactionCheckerTest extends ServiceTestBase {
    private static final AtomicInteger IDS = new AtomicInteger();

    @Inject
    OrderTransactionChecker checker;
    @Inject
    OrderTransactions transactions;
    @Inject
    OrderRepository orders;
    @Inject
    ParkedOrders parked;

    @Override
    Map<String, String> extraProperties() {
        return Map.of("orders.jobs.enabled", "false");
    }

    private static CheckedHalf half(String transactionId, String orderId, Instant born) {
        return new CheckedHalf(new HalfMessage(transactionId, 42), new MessageMetadata(transactionId, "order-events",
            "OrderPaid", List.of(orderId), 0, 0, 0, born.toEpochMilli(), Map.of()), new byte[0]);
    }

    private static OrderDraft draft(String token) {
        String id = "o-check-" + IDS.incrementAndGet();
        return OrderDraft.of(id, "u-check", List.of(new OrderLine("sku", 1, new BigDecimal("1.00"))), null,
            Instant.now()).withHalf(token);
    }

    private String written(String token) {
        OrderDraft d = draft(token);
        transactions.write(d, true);
        return d.orderId();
    }

    @Test
    void anOrderDecidesItsOwnHalfByItsState() {
        String pending = written("tx-p:2a");
        assertThat(checker.check(half("tx-p", pending, Instant.now()))).isEqualTo(TransactionDecision.UNKNOWN);
        String paid = written("tx-q:2a");
        transactions.pay(paid, "pay-q", new BigDecimal("1.00"));
        assertThat(checker.check(half("tx-q", paid, Instant.now()))).isEqualTo(TransactionDecision.COMMIT);
        String closed = written("tx-r:2a");
        transactions.close(closed, "TIMEOUT");
        assertThat(checker.check(half("tx-r", closed, Instant.now()))).isEqualTo(TransactionDecision.ROLLBACK);
    }

    @Test
    void aHalfThatIsNotTheOrdersIsRolledBack() {
        String paid = written("tx-s:2a");
        transactions.pay(paid, "pay-s", new BigDecimal("1.00"));
        assertThat(checker.check(half("tx-other", paid, Instant.now()))).isEqualTo(TransactionDecision.ROLLBACK);
        String unannounced = written(null);
        assertThat(checker.check(half("tx-u", unannounced, Instant.now()))).isEqualTo(TransactionDecision.UNKNOWN);
        assertThat(checker.check(half("tx-u", unannounced, Instant.now().minusSeconds(10))))
            .isEqualTo(TransactionDecision.ROLLBACK);
    }

    @Test
    void anOrderThatIsNowhereIsWaitedForDuringTheGracePeriodOnly() {
        assertThat(checker.check(half("tx-n", "o-nowhere", Instant.now()))).isEqualTo(TransactionDecision.UNKNOWN);
        assertThat(checker.check(half("tx-n", "o-nowhere", Instant.now().minusSeconds(10))))
            .isEqualTo(TransactionDecision.ROLLBACK);
    }

    @Test
    void anOrderParkedInRedisIsWrittenToTheDatabase() {
        OrderDraft d = draft("tx-k:2a");
        parked.park(d);
        assertThat(checker.check(half("tx-k", d.orderId(), Instant.now().minusSeconds(10))))
            .isEqualTo(TransactionDecision.UNKNOWN);
        assertThat(orders.findById(d.orderId())).isPresent();
        assertThat(parked.find(d.orderId())).isEmpty();
        assertThat(checker.check(half("tx-k", d.orderId(), Instant.now()))).isEqualTo(TransactionDecision.UNKNOWN);
    }
}
