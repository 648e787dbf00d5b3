package io.wharf.order.api;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /orders}.
 *
 * @param userId who orders
 * @param items  the lines, 1 to 100
 */
@Serdeable
public record PlaceOrderRequest(
    @NotBlank @Size(max = 64) @Pattern(regexp = "\\S+", message = "must not contain whitespace") String userId,
    @NotEmpty @Size(max = 100) List<@Valid @NotNull LineRequest> items) {
}
