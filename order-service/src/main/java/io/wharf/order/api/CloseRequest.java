package io.wharf.order.api;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /orders/{id}/close}.
 *
 * @param reason why, e.g. {@code TIMEOUT} (order-timeout) or {@code CANCELLED}
 */
@Serdeable
public record CloseRequest(@NotBlank @Size(max = 100) String reason) {
}
