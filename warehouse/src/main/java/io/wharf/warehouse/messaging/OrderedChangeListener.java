package io.wharf.warehouse.messaging;

import io.micronaut.context.annotation.Requires;
import io.wharf.contracts.Groups;
import io.wharf.contracts.Topics;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.micronaut.WharfListener;
import io.wharf.warehouse.app.ChangeApplier;
import jakarta.inject.Singleton;

/**
 * The correct consumer (seed 004 §6–7): orderly, one change at a time per queue under the broker's queue lock, tag
 * filter {@code orders || order_items || payments}. A failure suspends the queue and retries the same change; it
 * never goes to the retry topic, which would let later changes of the order overtake it.
 */
@Singleton
@Requires(property = "warehouse.mode", notEquals = "naive")
public class OrderedChangeListener {
    private final ChangeApplier applier;

    public OrderedChangeListener(ChangeApplier applier) {
        this.applier = applier;
    }

    @WharfListener(topic = Topics.ORDER_BINLOG, group = Groups.WAREHOUSE, tags = "orders || order_items || payments",
        orderly = true, startFrom = WharfListener.StartFrom.FIRST_OFFSET)
    public void onChange(OrderRowChanged change) {
        applier.apply(change);
    }
}
