package io.wharf.contracts;

import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.contracts.coupon.CouponIssued;
import io.wharf.contracts.order.OrderClosed;
import io.wharf.contracts.order.OrderPaid;
import io.wharf.contracts.order.OrderPlaced;
import io.wharf.contracts.order.OrderTimeoutCheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which record a message body is, by its tag, so a consumer of a topic with several events decodes by tag:
 * {@code mapper.readValue(body, EventTypes.require(message.tags()))}.
 *
 * <p>Every tag of {@link Tags} is here; the three table tags of {@link Topics#ORDER_BINLOG} all map to
 * {@link OrderRowChanged}. Used by producers too ({@link #tagOf(Class)}) and by the golden-file test, which
 * checks every record listed here against a golden JSON file of its current schema version.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends WharfEvent>> BY_TAG = byTag();

    private EventTypes() {
    }

    private static Map<String, Class<? extends WharfEvent>> byTag() {
        Map<String, Class<? extends WharfEvent>> m = new LinkedHashMap<>();
        m.put(Tags.ORDER_PLACED, OrderPlaced.class);
        m.put(Tags.ORDER_PAID, OrderPaid.class);
        m.put(Tags.ORDER_CLOSED, OrderClosed.class);
        m.put(Tags.ORDER_TIMEOUT_CHECK, OrderTimeoutCheck.class);
        m.put(Tags.COUPON_ISSUED, CouponIssued.class);
        m.put(Tags.TABLE_ORDERS, OrderRowChanged.class);
        m.put(Tags.TABLE_ORDER_ITEMS, OrderRowChanged.class);
        m.put(Tags.TABLE_PAYMENTS, OrderRowChanged.class);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Every tag with the record it carries.
     *
     * @return an unmodifiable map from tag to record class
     */
    public static Map<String, Class<? extends WharfEvent>> all() {
        return BY_TAG;
    }

    /**
     * The record a tag carries.
     *
     * @param tag a message tag
     * @return the record class, or empty for a tag this version does not know (a newer producer's event)
     */
    public static Optional<Class<? extends WharfEvent>> forTag(String tag) {
        return tag == null ? Optional.empty() : Optional.ofNullable(BY_TAG.get(tag));
    }

    /**
     * The record a tag carries, for consumers that accept no other.
     *
     * @param tag a message tag
     * @return the record class
     * @throws IllegalArgumentException for an unknown tag
     */
    public static Class<? extends WharfEvent> require(String tag) {
        return forTag(tag).orElseThrow(() -> new IllegalArgumentException("unknown event tag: " + tag));
    }

    /**
     * The tag to send an event with: the table for an {@link OrderRowChanged}, the record's simple name otherwise.
     *
     * @param event an event
     * @return its tag
     * @throws IllegalArgumentException for a record that is not an event here
     */
    public static String tagOf(WharfEvent event) {
        if (event instanceof OrderRowChanged row) {
            return row.table();
        }
        return tagOf(event.getClass());
    }

    /**
     * The tag to send an event of a type with. Not for {@link OrderRowChanged}, whose tag is its {@code table}.
     *
     * @param type an event record class other than {@link OrderRowChanged}
     * @return its tag, the record's simple name
     * @throws IllegalArgumentException for {@link OrderRowChanged} or a class that is not an event here
     */
    public static String tagOf(Class<? extends WharfEvent> type) {
        String tag = type.getSimpleName();
        if (type == OrderRowChanged.class || BY_TAG.get(tag) != type) {
            throw new IllegalArgumentException("no single tag for " + type.getName());
        }
        return tag;
    }
}
