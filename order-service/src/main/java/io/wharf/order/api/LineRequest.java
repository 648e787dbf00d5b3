package io.wharf.order.api;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.wharf.contracts.order.OrderLine;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One line of a {@link PlaceOrderRequest}.
 *
 * @param sku       the product
 * @param qty       how many, 1 to 10,000
 * @param unitPrice the price of one, at most 2 decimals
 */
@Serdeable
public record LineRequest(
    @NotBlank @Size(max = 64) String sku,
    @NotNull @Min(1) @Max(10_000) Integer qty,
    @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal unitPrice) {

    /** The order line, its price with two decimals (as the database keeps it). */
    OrderLine toLine() {
        return new OrderLine(sku, qty, unitPrice.setScale(2, RoundingMode.UNNECESSARY));
    }
}
