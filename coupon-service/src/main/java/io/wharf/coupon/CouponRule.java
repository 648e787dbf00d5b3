package io.wharf.coupon;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;

/** One of {@code coupons.rules}: orders of at least {@code min-total} get a coupon of {@code value}. */
@EachProperty(value = "coupons.rules", list = true)
public class CouponRule {
    private final int index;
    @NotNull
    @DecimalMin("0")
    private BigDecimal minTotal = BigDecimal.ZERO;
    @NotNull
    @DecimalMin("0.01")
    private BigDecimal value;
    @NotNull
    private Duration validFor = Duration.ofDays(30);

    public CouponRule(@Parameter Integer index) {
        this.index = index;
    }

    /** Its place in the list. */
    public int getIndex() {
        return index;
    }

    /** The smallest order total the rule applies to. */
    public BigDecimal getMinTotal() {
        return minTotal;
    }

    public void setMinTotal(BigDecimal minTotal) {
        this.minTotal = minTotal;
    }

    /** The coupon's value. */
    public BigDecimal getValue() {
        return value;
    }

    public void setValue(BigDecimal value) {
        this.value = value;
    }

    /** How long the coupon is valid from its issue. */
    public Duration getValidFor() {
        return validFor;
    }

    public void setValidFor(Duration validFor) {
        this.validFor = validFor;
    }
}
