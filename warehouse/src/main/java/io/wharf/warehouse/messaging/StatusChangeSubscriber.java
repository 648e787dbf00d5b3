package io.wharf.warehouse.messaging;

import io.wharf.contracts.Topics;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.micronaut.WharfListener;
import io.wharf.warehouse.persistence.WarehouseRepository;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * A second subscriber of the same topic that shows SQL92 selection on the broker: only updates of {@code orders}
 * reach it ({@code table = 'orders' AND op = 'u'}), and it records each status change once (by order and LSN).
 */
@Singleton
public class StatusChangeSubscriber {
    /** Its consumer group. */
    public static final String GROUP = "warehouse-status-changes";

    private final WarehouseRepository rows;

    public StatusChangeSubscriber(WarehouseRepository rows) {
        this.rows = rows;
    }

    @WharfListener(topic = Topics.ORDER_BINLOG, group = GROUP, sql = "table = 'orders' AND op = 'u'",
        startFrom = WharfListener.StartFrom.FIRST_OFFSET)
    public void onStatusChange(OrderRowChanged change) {
        Object updated = change.after() == null ? null : change.after().get("updated_at");
        Object status = change.after() == null ? null : change.after().get("status");
        rows.recordStatusChange(change.orderId(), change.lsn(), status == null ? null : status.toString(),
            updated == null ? null : Instant.parse(updated.toString()));
    }
}
