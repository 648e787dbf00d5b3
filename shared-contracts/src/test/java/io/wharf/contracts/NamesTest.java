package io.wharf.contracts;

import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.contracts.coupon.CouponIssued;
import io.wharf.contracts.order.OrderClosed;
import io.wharf.contracts.order.OrderPaid;
import io.wharf.contracts.order.OrderPlaced;
import io.wharf.contracts.order.OrderTimeoutCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class NamesTest {

    @Test
    void everyTagMapsToTheRecordItCarries() {
        assertThat(EventTypes.all()).containsOnlyKeys(constants(Tags.class));
        assertThat(EventTypes.require(Tags.ORDER_PLACED)).isEqualTo(OrderPlaced.class);
        assertThat(EventTypes.require(Tags.ORDER_PAID)).isEqualTo(OrderPaid.class);
        assertThat(EventTypes.require(Tags.ORDER_CLOSED)).isEqualTo(OrderClosed.class);
        assertThat(EventTypes.require(Tags.ORDER_TIMEOUT_CHECK)).isEqualTo(OrderTimeoutCheck.class);
        assertThat(EventTypes.require(Tags.COUPON_ISSUED)).isEqualTo(CouponIssued.class);
        assertThat(EventTypes.forTag(Tags.TABLE_ORDERS)).contains(OrderRowChanged.class);
        assertThat(EventTypes.forTag(Tags.TABLE_ORDER_ITEMS)).contains(OrderRowChanged.class);
        assertThat(EventTypes.forTag(Tags.TABLE_PAYMENTS)).contains(OrderRowChanged.class);
        assertThat(EventTypes.forTag("OrderRefunded")).isEmpty();
        assertThat(EventTypes.forTag(null)).isEmpty();
        assertThatThrownBy(() -> EventTypes.require("OrderRefunded")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEventIsSentWithTheTagItIsDecodedBy() {
        for (Map.Entry<String, Class<? extends WharfEvent>> e : EventTypes.all().entrySet()) {
            if (e.getValue() != OrderRowChanged.class) {
                assertThat(EventTypes.tagOf(e.getValue())).isEqualTo(e.getKey());
            }
        }
        OrderRowChanged row = OrderRowChanged.of(Tags.TABLE_PAYMENTS, OrderRowChanged.OP_CREATE, "o-1", 1, 1,
                Instant.EPOCH, null, Map.of("id", "p-1"));
        assertThat(EventTypes.tagOf(row)).isEqualTo(Tags.TABLE_PAYMENTS);
        assertThat(EventTypes.tagOf(OrderPaid.of("o-1", "u-1", null, Instant.EPOCH))).isEqualTo(Tags.ORDER_PAID);
        assertThatThrownBy(() -> EventTypes.tagOf(OrderRowChanged.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreDistinctWithinTheirKind() {
        assertThat(constants(Topics.class)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("order-events", "order-timeout", "order-binlog", "coupon-events");
        assertThat(constants(Groups.class)).doesNotHaveDuplicates().hasSize(5);
        assertThat(constants(Tags.class)).doesNotHaveDuplicates().hasSize(8)
                .allSatisfy(tag -> assertThat(tag).doesNotContain("|", " ", "*"));
    }

    @Test
    void theKeyOfAnOrderMessageIsTheOrderId() {
        assertThat(Keys.forOrder("o-01JDZ8Q4M6X3W2T9R5K7B1C0VA")).isEqualTo("o-01JDZ8Q4M6X3W2T9R5K7B1C0VA");
        assertThatThrownBy(() -> Keys.forOrder(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keys.forOrder("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keys.forOrder("o-1 o-2")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> constants(Class<?> holder) {
        List<String> values = new ArrayList<>();
        for (Field f : holder.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    values.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return values;
    }
}
