package io.wharf.warehouse.messaging;

import io.micronaut.context.annotation.Requires;
import io.wharf.contracts.Groups;
import io.wharf.contracts.Topics;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.micronaut.WharfListener;
import io.wharf.warehouse.app.ChangeApplier;
import jakarta.inject.Singleton;

/**
 * WRONG, on purpose ({@code warehouse.mode: naive}): the seed's consumer, concurrent, applying each change as its
 * statement. With binlog-sync's {@code queue-selection: round-robin} an order's UPDATE can be applied before its
 * INSERT and is lost; {@code /warehouse/reconcile} then lists the orders that differ.
 */
@Singleton
@Requires(property = "warehouse.mode", value = "naive")
public class NaiveChangeListener {
    private final ChangeApplier applier;

    public NaiveChangeListener(ChangeApplier applier) {
        this.applier = applier;
    }

    @WharfListener(topic = Topics.ORDER_BINLOG, group = Groups.WAREHOUSE, tags = "orders || order_items || payments",
        threads = 8, startFrom = WharfListener.StartFrom.FIRST_OFFSET)
    public void onChange(OrderRowChanged change) {
        applier.applyNaively(change);
    }
}
