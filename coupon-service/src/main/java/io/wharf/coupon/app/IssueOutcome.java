package io.wharf.coupon.app;

/** What one OrderPaid delivery did. */
public enum IssueOutcome {
    /** A coupon was issued. */
    ISSUED,
    /** The order had its coupon already: a repeated delivery, nothing issued. */
    DUPLICATE,
    /** No rule applies to the order's total: nothing to issue. */
    NO_RULE
}
