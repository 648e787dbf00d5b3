package io.wharf.coupon.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.wharf.contracts.order.OrderPaid;
import io.wharf.coupon.CouponRule;
import io.wharf.coupon.persistence.CouponRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues the coupon of a paid order, idempotently by the business check (seed 004 §1, 业务判断法): the coupon
 * row is unique per order and inserted by the statement that checks for it, in one transaction, so a second
 * delivery of the same OrderPaid (or two at once on two instances) issues nothing and succeeds.
 */
@Singleton
public class CouponIssuer {
    private final CouponRepository coupons;
    private final CouponRules rules;
    private final Clock clock;
    private final Map<IssueOutcome, Counter> counters = new EnumMap<>(IssueOutcome.class);

    public CouponIssuer(CouponRepository coupons, CouponRules rules, Clock clock, @Nullable MeterRegistry registry) {
        this.coupons = coupons;
        this.rules = rules;
        this.clock = clock;
        if (registry != null) {
            for (IssueOutcome o : IssueOutcome.values()) {
                counters.put(o, Counter.builder("coupons.deliveries").tag("outcome", o.name().toLowerCase())
                    .description("OrderPaid deliveries by what they did").register(registry));
            }
        }
    }

    /** Issues the order's coupon unless it has one; returns once the transaction committed. */
    @Transactional
    public IssueOutcome issue(OrderPaid paid, String messageId) {
        Optional<CouponRule> rule = rules.forTotal(paid.amount());
        IssueOutcome outcome;
        if (rule.isEmpty()) {
            outcome = IssueOutcome.NO_RULE;
        } else {
            CouponRule r = rule.get();
            Instant now = clock.instant();
            int inserted = coupons.insertIfAbsent(UUID.randomUUID().toString(), paid.orderId(), paid.userId(),
                paid.amount(), r.getValue(), r.getMinTotal(), messageId, now, now.plus(r.getValidFor()));
            outcome = inserted == 1 ? IssueOutcome.ISSUED : IssueOutcome.DUPLICATE;
        }
        return outcome;
    }

    /**
     * Counts what a delivery did ({@code coupons_deliveries_total{outcome}}); called after {@link #issue}
     * returned, i.e. after its transaction committed, so a rolled-back insert is never counted as issued.
     */
    public void count(IssueOutcome outcome) {
        Counter c = counters.get(outcome);
        if (c != null) {
            c.increment();
        }
    }
}
