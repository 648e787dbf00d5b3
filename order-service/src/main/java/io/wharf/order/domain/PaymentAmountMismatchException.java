package io.wharf.order.domain;

import java.math.BigDecimal;

/** A payment whose amount is not the order's total (or not the amount of the earlier callback of its id). */
public final class PaymentAmountMismatchException extends OrderException {
    private static final long serialVersionUID = 1L;

    public PaymentAmountMismatchException(String orderId, BigDecimal expected, BigDecimal paid) {
        super(orderId, "amount " + paid.toPlainString() + " does not match " + expected.toPlainString()
            + " of order " + orderId);
    }
}
