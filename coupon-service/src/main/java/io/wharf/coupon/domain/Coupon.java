package io.wharf.coupon.domain;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A coupon issued for a paid order (table {@code coupons}, at most one per order).
 *
 * @param id           the coupon id
 * @param orderId      the paid order (unique)
 * @param userId       who gets it
 * @param orderTotal   the order's total
 * @param value        the coupon's value
 * @param ruleMinTotal the min-total of the rule that chose the value
 * @param messageId    the OrderPaid message it was issued for (the first delivery that committed)
 * @param issuedAt     when
 * @param expiresAt    valid until
 */
@Serdeable
@MappedEntity("coupons")
public record Coupon(@Id String id, String orderId, String userId, BigDecimal orderTotal, BigDecimal value,
                     BigDecimal ruleMinTotal, String messageId, Instant issuedAt, Instant expiresAt) {
}
