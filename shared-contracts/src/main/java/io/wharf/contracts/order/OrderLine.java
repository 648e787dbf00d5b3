package io.wharf.contracts.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;

/**
 * One line of an {@link OrderPlaced} order: a product, how many, and the price of one at the time of ordering.
 *
 * @param sku       the product's stock-keeping unit
 * @param qty       how many, at least 1
 * @param unitPrice the price of one, in the order's currency (a decimal, never a binary floating point number)
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderLine(String sku, int qty, BigDecimal unitPrice) {
}
