package io.wharf.order.domain;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment that paid an order (table {@code payments}); the payment id is the payment system's and unique, so a
 * repeated callback finds it and changes nothing.
 *
 * @param paymentId the payment system's id
 * @param orderId   the order it paid
 * @param amount    what was paid
 * @param paidAt    when the callback was accepted
 */
@MappedEntity("payments")
public record Payment(@Id String paymentId, String orderId, BigDecimal amount, Instant paidAt) {
}
