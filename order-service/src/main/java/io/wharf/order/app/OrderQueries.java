package io.wharf.order.app;

import io.micronaut.core.annotation.Nullable;
import io.wharf.contracts.order.OrderLine;
import io.wharf.order.domain.Order;
import io.wharf.order.domain.OrderItem;
import io.wharf.order.domain.OrderStatus;
import io.wharf.order.persistence.OrderItemRepository;
import io.wharf.order.persistence.OrderRepository;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads orders: one by id (writing it from Redis first if it is parked there), or a page by id. */
@Singleton
public class OrderQueries {
    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final ParkedOrderRecovery parked;

    public OrderQueries(OrderRepository orders, OrderItemRepository items, ParkedOrderRecovery parked) {
        this.orders = orders;
        this.items = items;
        this.parked = parked;
    }

    public Optional<OrderView> find(String orderId) {
        Optional<Order> order = orders.findById(orderId);
        if (order.isEmpty() && parked.tryMaterialize(orderId)) {
            order = orders.findById(orderId);
        }
        return order.map(this::view);
    }

    public OrderPage page(@Nullable String userId, @Nullable OrderStatus status, @Nullable String cursor,
                          int limit) {
        List<Order> page = orders.page(userId, status == null ? null : status.name(), cursor, limit + 1);
        boolean more = page.size() > limit;
        List<Order> shown = more ? page.subList(0, limit) : page;
        return new OrderPage(views(shown), more ? shown.getLast().getId() : null);
    }

    public OrderView view(Order order) {
        return views(List.of(order)).getFirst();
    }

    private List<OrderView> views(List<Order> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, List<OrderLine>> lines = items.findByOrderIdInOrderByLineNo(page.stream().map(Order::getId)
            .toList()).stream().collect(Collectors.groupingBy(OrderItem::orderId,
                Collectors.mapping(i -> new OrderLine(i.sku(), i.qty(), i.unitPrice()), Collectors.toList())));
        return page.stream().map(o -> OrderView.of(o, lines.getOrDefault(o.getId(), List.of()))).toList();
    }
}
