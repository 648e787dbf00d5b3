package io.wharf.warehouse.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order in the warehouse copy (table {@code wh_orders}).
 *
 * @param orderId     the order id
 * @param userId      its user
 * @param status      PENDING_PAYMENT, PAID or CLOSED
 * @param total       its total
 * @param closeReason why it was closed, or null
 * @param createdAt   created in the order database
 * @param updatedAt   last changed there
 * @param deleted     deleted there (a tombstone)
 * @param lastLsn     the LSN of the change it was last written from
 */
@Serdeable
@MappedEntity("wh_orders")
public record WarehouseOrder(@Id String orderId, @Nullable String userId, @Nullable String status,
                             @Nullable BigDecimal total, @Nullable String closeReason, @Nullable Instant createdAt,
                             @Nullable Instant updatedAt, boolean deleted, long lastLsn) {
}
