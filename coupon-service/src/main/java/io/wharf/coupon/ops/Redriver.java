package io.wharf.coupon.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.wharf.contracts.Groups;
import io.wharf.coupon.CouponsConfiguration;
import io.wharf.coupon.persistence.CouponRepository;
import io.wharf.micronaut.deadletter.DeadLetter;
import io.wharf.micronaut.deadletter.DeadLetterAdmin;
import io.wharf.micronaut.deadletter.DeadLetterPage;
import io.wharf.micronaut.deadletter.RedriveResult;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background re-driver ({@code coupons.redrive.enabled}, seed 004 §3(5)): each interval, if the coupon
 * database answers, re-drives up to {@code max-per-run} dead messages not re-driven before, oldest first. While
 * the database is down it does nothing, so messages are not burnt through the retry ladder again for nothing.
 */
@Singleton
@Requires(property = "coupons.redrive.enabled", value = "true")
public class Redriver {
    private static final Logger LOG = LoggerFactory.getLogger(Redriver.class);
    private static final int PAGE = 1000;

    private final DeadLetterAdmin admin;
    private final CouponRepository coupons;
    private final CouponsConfiguration config;
    private final Counter redriven;

    public Redriver(DeadLetterAdmin admin, CouponRepository coupons, CouponsConfiguration config,
                    @Nullable MeterRegistry registry) {
        this.admin = admin;
        this.coupons = coupons;
        this.config = config;
        this.redriven = registry == null ? null : Counter.builder("coupons.redriven")
            .description("dead messages re-driven by the background re-driver").register(registry);
    }

    @Scheduled(fixedDelay = "${coupons.redrive.interval:30s}", initialDelay = "${coupons.redrive.interval:30s}")
    void run() {
        try {
            coupons.ping();
        } catch (RuntimeException e) {
            LOG.debug("coupon database down; not re-driving: {}", e.toString());
            return;
        }
        try {
            List<String> ids = awaiting(config.getRedrive().getMaxPerRun());
            if (ids.isEmpty()) {
                return;
            }
            RedriveResult r = admin.redrive(Groups.COUPON_SERVICE, ids);
            if (redriven != null) {
                redriven.increment(r.redriven().size());
            }
            LOG.info("re-drove {} dead OrderPaid deliveries ({} skipped as re-driven before)", r.redriven().size(),
                r.skipped().size());
        } catch (RuntimeException e) {
            LOG.warn("background re-drive failed; next try in {}: {}", config.getRedrive().getInterval(),
                e.getMessage());
        }
    }

    /** Up to {@code max} dead messages not re-driven yet, oldest first. */
    private List<String> awaiting(int max) {
        List<String> ids = new ArrayList<>();
        long from = 0;
        while (ids.size() < max) {
            DeadLetterPage page = admin.list(Groups.COUPON_SERVICE, from, PAGE);
            if (page.awaiting() == 0 || page.messages().isEmpty()) {
                break;
            }
            for (DeadLetter d : page.messages()) {
                if (!d.redriven() && ids.size() < max) {
                    ids.add(d.offsetMsgId());
                }
                from = d.queueOffset() + 1;
            }
        }
        return ids;
    }
}
