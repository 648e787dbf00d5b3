package io.wharf.order.domain;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A client's {@code Idempotency-Key} and the order it placed (table {@code idempotency_keys}).
 *
 * @param idempotencyKey the header's value
 * @param orderId        the order placed with it
 * @param createdAt      when
 */
@MappedEntity("idempotency_keys")
public record IdempotencyKey(@Id String idempotencyKey, String orderId, Instant createdAt) {
}
