package io.wharf.coupon.app;

import io.wharf.coupon.CouponRule;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Picks the coupon for an order total: the rule with the highest min-total the total reaches. */
@Singleton
public class CouponRules {
    private final List<CouponRule> rules;

    public CouponRules(List<CouponRule> rules) {
        this.rules = rules.stream().sorted(Comparator.comparing(CouponRule::getMinTotal).reversed()).toList();
    }

    public Optional<CouponRule> forTotal(BigDecimal total) {
        return rules.stream().filter(r -> total.compareTo(r.getMinTotal()) >= 0).findFirst();
    }

    public List<CouponRule> all() {
        return rules;
    }
}
