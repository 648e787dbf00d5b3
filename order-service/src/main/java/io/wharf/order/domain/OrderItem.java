package io.wharf.order.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;

/**
 * One line of an order (table {@code order_items}).
 *
 * @param id        generated
 * @param orderId   the order
 * @param lineNo    its position in the order, from 1
 * @param sku       the product
 * @param qty       how many, at least 1
 * @param unitPrice the price of one
 */
@MappedEntity("order_items")
public record OrderItem(@Id @GeneratedValue @Nullable Long id, String orderId, int lineNo, String sku, int qty,
                        BigDecimal unitPrice) {
}
