package io.wharf.order.domain;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The order aggregate (table {@code orders}): its state machine ({@link OrderStatus}) and whether its OrderPaid
 * half message has been stored ({@code announced}, with the half's {@code halfToken}). Changes go through
 * {@link #pay}, {@link #close} and {@link #announce}; the repository persists what they leave.
 */
@MappedEntity("orders")
public class Order {
    @Id
    private final String id;
    private final String userId;
    private OrderStatus status;
    private final BigDecimal total;
    @Nullable
    private String halfToken;
    private boolean announced;
    @Nullable
    private String closeReason;
    private final Instant createdAt;
    private Instant updatedAt;
    @Version
    private final long version;

    /** For the repository; new orders come from {@link #place}. */
    @Creator
    public Order(String id, String userId, OrderStatus status, BigDecimal total, @Nullable String halfToken,
                 boolean announced, @Nullable String closeReason, Instant createdAt, Instant updatedAt,
                 long version) {
        this.id = Objects.requireNonNull(id, "id");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.status = Objects.requireNonNull(status, "status");
        this.total = Objects.requireNonNull(total, "total");
        this.halfToken = halfToken;
        this.announced = announced;
        this.closeReason = closeReason;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.version = version;
    }

    /**
     * A new order awaiting payment.
     *
     * @param halfToken the stored OrderPaid half's token, or null when the half could not be stored yet
     */
    public static Order place(String id, String userId, BigDecimal total, @Nullable String halfToken,
                              Instant createdAt) {
        return new Order(id, userId, OrderStatus.PENDING_PAYMENT, total, halfToken, halfToken != null, null,
            createdAt, createdAt, 0);
    }

    /**
     * Pays the order with a payment not seen before.
     *
     * @return the payment to record
     * @throws PaymentAmountMismatchException when the amount is not the order's total
     * @throws OrderClosedException when the order was closed (the payment is to be refunded)
     * @throws OrderAlreadyPaidException when another payment paid it already
     */
    public Payment pay(String paymentId, BigDecimal amount, Instant now) {
        switch (status) {
            case PENDING_PAYMENT -> {
                if (amount.compareTo(total) != 0) {
                    throw new PaymentAmountMismatchException(id, total, amount);
                }
                status = OrderStatus.PAID;
                updatedAt = now;
                return new Payment(paymentId, id, amount, now);
            }
            case CLOSED -> throw new OrderClosedException(id, closeReason);
            case PAID -> throw new OrderAlreadyPaidException(id);
            default -> throw new IllegalStateException("unknown status " + status);
        }
    }

    /**
     * Closes the order unpaid; closing a closed order again changes nothing.
     *
     * @return true when this call closed it, false when it was closed already
     * @throws OrderAlreadyPaidException when it is paid
     */
    public boolean close(String reason, Instant now) {
        switch (status) {
            case PENDING_PAYMENT -> {
                status = OrderStatus.CLOSED;
                closeReason = reason;
                updatedAt = now;
                return true;
            }
            case CLOSED -> {
                return false;
            }
            case PAID -> throw new OrderAlreadyPaidException(id);
            default -> throw new IllegalStateException("unknown status " + status);
        }
    }

    /**
     * Records the OrderPaid half stored for an order placed while the broker was unreachable (or one closed
     * before it could be announced: then {@code token} is null, there is nothing to announce).
     *
     * @return false when it was announced already (by another instance)
     */
    public boolean announce(@Nullable String token, Instant now) {
        if (announced) {
            return false;
        }
        halfToken = token;
        announced = true;
        updatedAt = now;
        return true;
    }

    /** True when {@code transactionId} is the transaction of this order's recorded half. */
    public boolean announcedBy(String transactionId) {
        return halfToken != null && halfToken.startsWith(transactionId + ":");
    }

    public String getId() {
        return id;
    }

    public String getUserId() {
        return userId;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public BigDecimal getTotal() {
        return total;
    }

    @Nullable
    public String getHalfToken() {
        return halfToken;
    }

    public boolean isAnnounced() {
        return announced;
    }

    @Nullable
    public String getCloseReason() {
        return closeReason;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }

    @Override
    public String toString() {
        return "Order[" + id + " " + status + (announced ? "" : " unannounced") + "]";
    }
}
