package io.wharf.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.contracts.order.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OrderTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private static Order pending() {
        return Order.place("o-1", "u-1", new BigDecimal("25.50"), "tx-1:1f", T0);
    }

    @Test
    void aDraftTotalsItsLinesAndBecomesAPendingAnnouncedOrder() {
        OrderDraft d = OrderDraft.of("o-1", "u-1", List.of(new OrderLine("a", 2, new BigDecimal("10.25")),
            new OrderLine("b", 1, new BigDecimal("5.00"))), "key-1", T0).withHalf("tx-1:1f");
        assertThat(d.total()).isEqualByComparingTo("25.50");
        Order o = d.toOrder();
        assertThat(o.getStatus()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(o.isAnnounced()).isTrue();
        assertThat(o.announcedBy("tx-1")).isTrue();
        assertThat(o.announcedBy("tx")).isFalse();
        assertThat(d.toItems()).extracting(OrderItem::lineNo, OrderItem::sku).containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "a"), org.assertj.core.groups.Tuple.tuple(2, "b"));
        assertThat(d.withHalf(null).toOrder().isAnnounced()).isFalse();
    }

    @Test
    void payingTheTotalPaysIt() {
        Order o = pending();
        Payment p = o.pay("p-1", new BigDecimal("25.5"), T1);
        assertThat(o.getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(o.getUpdatedAt()).isEqualTo(T1);
        assertThat(p).isEqualTo(new Payment("p-1", "o-1", new BigDecimal("25.5"), T1));
    }

    @Test
    void aWrongAmountIsRefusedAndChangesNothing() {
        Order o = pending();
        assertThatThrownBy(() -> o.pay("p-1", new BigDecimal("25.49"), T1))
            .isInstanceOf(PaymentAmountMismatchException.class).hasMessageContaining("25.49");
        assertThat(o.getStatus()).isEqualTo(OrderStatus.PENDING_PAYMENT);
    }

    @Test
    void aPaidOrderCannotBePaidByAnotherPaymentNorClosed() {
        Order o = pending();
        o.pay("p-1", new BigDecimal("25.50"), T1);
        assertThatThrownBy(() -> o.pay("p-2", new BigDecimal("25.50"), T1))
            .isInstanceOf(OrderAlreadyPaidException.class);
        assertThatThrownBy(() -> o.close("TIMEOUT", T1)).isInstanceOf(OrderAlreadyPaidException.class);
    }

    @Test
    void closingIsIdempotentAndAClosedOrderRefusesPayment() {
        Order o = pending();
        assertThat(o.close("TIMEOUT", T1)).isTrue();
        assertThat(o.close("CANCELLED", T1.plusSeconds(1))).isFalse();
        assertThat(o.getCloseReason()).isEqualTo("TIMEOUT");
        assertThat(o.getUpdatedAt()).isEqualTo(T1);
        assertThatThrownBy(() -> o.pay("p-1", new BigDecimal("25.50"), T1))
            .isInstanceOf(OrderClosedException.class).hasMessageContaining("TIMEOUT");
    }

    @Test
    void anOrderIsAnnouncedOnce() {
        Order o = Order.place("o-2", "u-1", BigDecimal.ONE, null, T0);
        assertThat(o.isAnnounced()).isFalse();
        assertThat(o.announce("tx-9:2a", T1)).isTrue();
        assertThat(o.announce("tx-10:2b", T1)).isFalse();
        assertThat(o.announcedBy("tx-9")).isTrue();
    }

    @Test
    void idsSortByCreationTime() {
        java.time.Clock c1 = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
        java.time.Clock c2 = java.time.Clock.fixed(T0.plusMillis(1), java.time.ZoneOffset.UTC);
        String a = new OrderIds(c1).next();
        String b = new OrderIds(c2).next();
        assertThat(a).startsWith("o-").hasSize(24).isLessThan(b);
        assertThat(new OrderIds(c1).next()).isNotEqualTo(a);
    }
}
