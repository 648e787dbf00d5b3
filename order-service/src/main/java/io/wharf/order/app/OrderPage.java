package io.wharf.order.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of orders, by id.
 *
 * @param items      the orders
 * @param nextCursor pass it as {@code cursor} for the next page; null on the last page
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OrderPage(List<OrderView> items, @Nullable String nextCursor) {
}
