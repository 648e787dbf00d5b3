package io.wharf.coupon.ops;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.wharf.contracts.Groups;
import io.wharf.coupon.CouponsConfiguration;
import io.wharf.micronaut.deadletter.DeadLetterAdmin;
import io.wharf.micronaut.deadletter.DeadLetterPage;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code deadLetters} in /health: UP while no dead message awaits a re-drive, DEGRADED (still operational: new
 * orders get their coupons) from {@code coupons.dead-letter-warning} on, UNKNOWN when the broker cannot say.
 */
@Singleton
public class DeadLetterHealthIndicator implements HealthIndicator {
    /** Operational but not well: paid orders wait in the dead-letter queue for their coupons. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
        "dead OrderPaid deliveries await a re-drive", true, null);

    private final DeadLetterAdmin admin;
    private final CouponsConfiguration config;

    public DeadLetterHealthIndicator(DeadLetterAdmin admin, CouponsConfiguration config) {
        this.admin = admin;
        this.config = config;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::result).subscribeOn(Schedulers.boundedElastic());
    }

    private HealthResult result() {
        DeadLetterPage p;
        try {
            p = admin.list(Groups.COUPON_SERVICE, 0, 1);
        } catch (RuntimeException e) {
            return HealthResult.builder("deadLetters", HealthStatus.UNKNOWN).exception(e).build();
        }
        HealthStatus status = p.awaiting() >= config.getDeadLetterWarning() ? DEGRADED : HealthStatus.UP;
        return HealthResult.builder("deadLetters", status).details(Map.of("dead", p.dead(), "redriven",
            p.redriven(), "awaiting", p.awaiting())).build();
    }
}
