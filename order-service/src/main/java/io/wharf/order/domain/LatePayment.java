package io.wharf.order.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment for an order that was closed before it arrived (table {@code late_payments}): to be refunded.
 *
 * @param id         generated
 * @param paymentId  the payment system's id (unique: a repeated callback is recorded once)
 * @param orderId    the closed order
 * @param amount     what was paid
 * @param receivedAt when the callback arrived
 * @param refunded   whether the refund was made (by a refund process not part of this service)
 */
@MappedEntity("late_payments")
public record LatePayment(@Id @GeneratedValue @Nullable Long id, String paymentId, String orderId, BigDecimal amount,
                          Instant receivedAt, boolean refunded) {
}
