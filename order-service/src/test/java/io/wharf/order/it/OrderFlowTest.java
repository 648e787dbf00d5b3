package io.wharf.order.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.order.app.OrderTransactions;
import io.wharf.order.domain.OrderStatus;
import io.wharf.order.persistence.LatePaymentRepository;
import io.wharf.order.persistence.OrderRepository;
import io.wharf.order.persistence.PaymentRepository;
import io.wharf.testkit.Await;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order's life as consumers see it: one OrderPaid per paid order however often the payment system calls
 * back, none for a closed order, and the check-back committing a payment whose end-transaction never happened.
 */
@MicronautTest(transactional = false)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OrderFlowTest extends ServiceTestBase {
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    /** Several check-back rounds (every 500 ms) and re-deliveries would have happened by then. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private TestStack.Received events;
    private TestStack.Received timeouts;

    @Inject
    OrderRepository orders;
    @Inject
    PaymentRepository payments;
    @Inject
    LatePaymentRepository latePayments;
    @Inject
    OrderTransactions transactions;

    @BeforeAll
    void start() {
        events = stack.consume("test-paid", Topics.ORDER_EVENTS, Tags.ORDER_PAID + " || " + Tags.ORDER_CLOSED
            + " || " + Tags.ORDER_PLACED);
        timeouts = stack.consume("test-timeouts", Topics.ORDER_TIMEOUT, "*");
    }

    private String placed(String userId, String total) {
        Api.Reply r = api.place(userId, new BigDecimal(total));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.str("orderId");
    }

    private void awaitEvents(String tag, String orderId, int count) {
        Await.until(DELIVERY, () -> events.of(tag, orderId).size() >= count, () -> "events " + events.all);
    }

    @Test
    void aPaidOrderIsAnnouncedExactlyOnce() throws Exception {
        String id = placed("u-pay", "12.30");
        awaitEvents(Tags.ORDER_PLACED, id, 1);
        Await.holdsFor(SETTLE, () -> events.of(Tags.ORDER_PAID, id).isEmpty(), () -> "events " + events.all);
        assertThat(events.of(Tags.ORDER_PAID, id)).as("OrderPaid is a half until paid").isEmpty();

        Api.Reply paid = api.pay(id, "pay-1", new BigDecimal("12.30"));
        assertThat(paid.status()).as(paid.text()).isEqualTo(200);
        assertThat(paid.str("status")).isEqualTo("PAID");

        awaitEvents(Tags.ORDER_PAID, id, 1);
        Api.Reply again = api.pay(id, "pay-1", new BigDecimal("12.30"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(paid.body());
        Await.holdsFor(SETTLE, () -> events.of(Tags.ORDER_PAID, id).size() <= 1
            && events.of(Tags.ORDER_PLACED, id).size() <= 1, () -> "events " + events.all);
        assertThat(events.of(Tags.ORDER_PAID, id)).hasSize(1);
        assertThat(events.of(Tags.ORDER_PAID, id).getFirst().body()).contains(id).contains("12.3");
        assertThat(events.of(Tags.ORDER_PLACED, id)).hasSize(1);
        Await.until(DELIVERY, () -> timeouts.of(Tags.ORDER_TIMEOUT_CHECK, id).size() == 1,
            () -> "timeout checks " + timeouts.all);
    }

    @Test
    void twentyConcurrentIdenticalCallbacksPayOnce() throws Exception {
        String id = placed("u-twenty", "99.99");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(pool.submit(() -> {
                go.await();
                return api.pay(id, "pay-twenty", new BigDecimal("99.99"));
            }));
        }
        go.countDown();
        for (Future<Api.Reply> f : replies) {
            Api.Reply r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.str("status")).isEqualTo("PAID");
        }
        pool.shutdown();

        assertThat(orders.findById(id).orElseThrow().getVersion()).as("one transition").isEqualTo(1);
        assertThat(payments.findById("pay-twenty")).isPresent();
        awaitEvents(Tags.ORDER_PAID, id, 1);
        Await.holdsFor(SETTLE, () -> events.of(Tags.ORDER_PAID, id).size() == 1, () -> "events " + events.all);
        assertThat(events.of(Tags.ORDER_PAID, id)).hasSize(1);
    }

    @Test
    void aClosedOrderIsNeverAnnouncedAsPaidAndALatePaymentIsKeptForARefund() throws Exception {
        String id = placed("u-close", "5.00");
        Api.Reply closed = api.close(id, "CANCELLED");
        assertThat(closed.status()).as(closed.text()).isEqualTo(200);
        assertThat(closed.str("status")).isEqualTo("CLOSED");
        assertThat(closed.str("closeReason")).isEqualTo("CANCELLED");
        assertThat(api.close(id, "TIMEOUT").body()).isEqualTo(closed.body());

        Api.Reply late = api.pay(id, "pay-late", new BigDecimal("5.00"));
        assertThat(late.status()).as(late.text()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(api.pay(id, "pay-late", new BigDecimal("5.00")).status()).isEqualTo(409);
        assertThat(latePayments.findByOrderId(id)).singleElement()
            .satisfies(p -> assertThat(p.paymentId()).isEqualTo("pay-late"));

        awaitEvents(Tags.ORDER_CLOSED, id, 1);
        Await.holdsFor(SETTLE, () -> events.of(Tags.ORDER_CLOSED, id).size() == 1
            && events.of(Tags.ORDER_PAID, id).isEmpty(), () -> "events " + events.all);
        assertThat(events.of(Tags.ORDER_CLOSED, id)).hasSize(1);
        assertThat(events.of(Tags.ORDER_PAID, id)).isEmpty();
    }

    @Test
    void aPaidOrderCannotBeClosedNorPaidAgainDifferently() {
        String id = placed("u-paid", "7.00");
        assertThat(api.pay(id, "pay-7", new BigDecimal("7.00")).status()).isEqualTo(200);
        assertThat(api.close(id, "TIMEOUT").status()).isEqualTo(409);
        assertThat(api.pay(id, "pay-other", new BigDecimal("7.00")).status()).isEqualTo(409);
        assertThat(api.pay(id, "pay-7", new BigDecimal("7.01")).status()).isEqualTo(422);
        String other = placed("u-paid", "8.00");
        assertThat(api.pay(other, "pay-7", new BigDecimal("8.00")).status()).isEqualTo(409);
        assertThat(api.pay(other, "pay-8", new BigDecimal("8.50")).status()).isEqualTo(422);
    }

    @Test
    void theCheckBackCommitsAPaymentWhoseEndTransactionNeverHappened() throws Exception {
        String id = placed("u-crash", "3.00");
        // The payment's database transaction, without the commit that follows it: a crash right between them.
        transactions.pay(id, "pay-crash", new BigDecimal("3.00"));
        assertThat(orders.findById(id).orElseThrow().getStatus()).isEqualTo(OrderStatus.PAID);
        awaitEvents(Tags.ORDER_PAID, id, 1);
        Await.holdsFor(SETTLE, () -> events.of(Tags.ORDER_PAID, id).size() == 1, () -> "events " + events.all);
        assertThat(events.of(Tags.ORDER_PAID, id)).hasSize(1);
    }
}
