package io.wharf.order.api;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * {@code POST /orders/{id}/payment}: the payment system's callback.
 *
 * @param paymentId the payment system's id of the payment (the same on every retry of the callback)
 * @param amount    what was paid; must be the order's total
 */
@Serdeable
public record PaymentRequest(
    @NotBlank @Size(max = 100) String paymentId,
    @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal amount) {
}
