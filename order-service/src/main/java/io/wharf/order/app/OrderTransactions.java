package io.wharf.order.app;

import io.micronaut.transaction.annotation.Transactional;
import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.order.domain.IdempotencyKey;
import io.wharf.order.domain.Order;
import io.wharf.order.domain.OrderClosedException;
import io.wharf.order.domain.OrderDraft;
import io.wharf.order.domain.OrderNotFoundException;
import io.wharf.order.domain.OrderStatus;
import io.wharf.order.domain.Payment;
import io.wharf.order.domain.PaymentAmountMismatchException;
import io.wharf.order.domain.PaymentConflictException;
import io.wharf.order.messaging.HalfDecisions;
import io.wharf.order.messaging.OrderMessages;
import io.wharf.order.messaging.SpoolingPublisher;
import io.wharf.order.persistence.IdempotencyKeyRepository;
import io.wharf.order.persistence.LatePaymentRepository;
import io.wharf.order.persistence.OrderItemRepository;
import io.wharf.order.persistence.OrderRepository;
import io.wharf.order.persistence.PaymentRepository;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;

/**
 * The database transactions of the order aggregate. Each method is one transaction; the messages a change
 * announces are published (or spooled) inside it. Payment and close lock the order's row first, so concurrent
 * callbacks for one order run one after another.
 */
@Singleton
public class OrderTransactions {
    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final PaymentRepository payments;
    private final LatePaymentRepository latePayments;
    private final IdempotencyKeyRepository keys;
    private final SpoolingPublisher spooling;
    private final OrderMessages messages;
    private final Clock clock;

    public OrderTransactions(OrderRepository orders, OrderItemRepository items, PaymentRepository payments,
                             LatePaymentRepository latePayments, IdempotencyKeyRepository keys,
                             SpoolingPublisher spooling, OrderMessages messages, Clock clock) {
        this.orders = orders;
        this.items = items;
        this.payments = payments;
        this.latePayments = latePayments;
        this.keys = keys;
        this.spooling = spooling;
        this.messages = messages;
        this.clock = clock;
    }

    /** What a payment callback did. */
    public record PaymentOutcome(Order order, boolean transitioned, boolean late) {
    }

    /** What a close did. */
    public record CloseOutcome(Order order, boolean transitioned) {
    }

    /**
     * Writes a new order with its lines and Idempotency-Key, and announces it: OrderPlaced and the delayed first
     * OrderTimeoutCheck, published or spooled.
     *
     * @param brokerDown the caller just saw the broker fail: spool the messages without trying
     * @return false when the order was written already (by another path), nothing done
     */
    @Transactional
    public boolean write(OrderDraft draft, boolean brokerDown) {
        if (orders.existsById(draft.orderId())) {
            return false;
        }
        orders.save(draft.toOrder());
        items.saveAll(draft.toItems());
        if (draft.idempotencyKey() != null) {
            keys.save(new IdempotencyKey(draft.idempotencyKey(), draft.orderId(), draft.createdAt()));
        }
        spooling.publishOrSpool(messages.placed(draft), brokerDown);
        spooling.publishOrSpool(messages.timeoutCheck(draft.orderId(), draft.createdAt()), brokerDown);
        return true;
    }

    /**
     * Applies a payment callback: a payment id seen before changes nothing; a closed order records the payment
     * for a refund ({@code late}).
     */
    @Transactional
    public PaymentOutcome pay(String orderId, String paymentId, BigDecimal amount) {
        Order order = orders.findByIdForUpdate(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        Optional<Payment> seen = payments.findById(paymentId);
        if (seen.isPresent()) {
            Payment p = seen.get();
            if (!p.orderId().equals(orderId)) {
                throw new PaymentConflictException(orderId, paymentId, p.orderId());
            }
            if (p.amount().compareTo(amount) != 0) {
                throw new PaymentAmountMismatchException(orderId, p.amount(), amount);
            }
            return new PaymentOutcome(order, false, false);
        }
        Payment payment;
        try {
            payment = order.pay(paymentId, amount, clock.instant());
        } catch (OrderClosedException e) {
            latePayments.insertIfAbsent(paymentId, orderId, amount, clock.instant());
            return new PaymentOutcome(order, false, true);
        }
        payments.save(payment);
        return new PaymentOutcome(orders.update(order), true, false);
    }

    /** Closes an unpaid order and publishes (or spools) OrderClosed; closing it again changes nothing. */
    @Transactional
    public CloseOutcome close(String orderId, String reason) {
        Order order = orders.findByIdForUpdate(orderId).orElseThrow(() -> new OrderNotFoundException(orderId));
        if (!order.close(reason, clock.instant())) {
            return new CloseOutcome(order, false);
        }
        Order closed = orders.update(order);
        spooling.publishOrSpool(messages.closed(closed), false);
        return new CloseOutcome(closed, true);
    }

    /**
     * Records the OrderPaid half just stored for an order that had none (the local transaction of the
     * compensator's publish).
     *
     * @return the half's decision: the order's state, or ROLLBACK when another half was recorded meanwhile
     */
    @Transactional
    public TransactionDecision announce(String orderId, HalfMessage half) {
        Optional<Order> found = orders.findByIdForUpdate(orderId);
        if (found.isEmpty()) {
            return TransactionDecision.ROLLBACK;
        }
        Order order = found.get();
        if (!order.announce(half.token(), clock.instant())) {
            return TransactionDecision.ROLLBACK;
        }
        orders.update(order);
        return HalfDecisions.of(order.getStatus());
    }

    /** Marks an order closed before it could be announced as announced: it has nothing left to announce. */
    @Transactional
    public void retireUnannounced(String orderId) {
        orders.findByIdForUpdate(orderId)
            .filter(o -> o.getStatus() == OrderStatus.CLOSED && o.announce(null, clock.instant()))
            .ifPresent(orders::update);
    }
}
