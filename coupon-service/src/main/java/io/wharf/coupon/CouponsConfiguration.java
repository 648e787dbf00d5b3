package io.wharf.coupon;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** {@code coupons.*} besides the rules (application.yml lists every key with its default). */
@ConfigurationProperties("coupons")
public class CouponsConfiguration {
    @Min(1)
    private long deadLetterWarning = 1;
    private final Redrive redrive = new Redrive();

    /** /health is DEGRADED when at least this many dead messages await a re-drive (default 1). */
    public long getDeadLetterWarning() {
        return deadLetterWarning;
    }

    public void setDeadLetterWarning(long deadLetterWarning) {
        this.deadLetterWarning = deadLetterWarning;
    }

    public Redrive getRedrive() {
        return redrive;
    }

    /** {@code coupons.redrive.*}: the background re-driver. */
    @ConfigurationProperties("redrive")
    public static class Redrive {
        private boolean enabled;
        @NotNull
        private Duration interval = Duration.ofSeconds(30);
        @Min(1)
        @Max(1000)
        private int maxPerRun = 100;

        /** Re-drive dead messages by itself while the database answers (default false). */
        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** How often it looks (default 30 s); read by its {@code @Scheduled} annotation. */
        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** The rate limit: dead messages re-driven per run at most (default 100). */
        public int getMaxPerRun() {
            return maxPerRun;
        }

        public void setMaxPerRun(int maxPerRun) {
            this.maxPerRun = maxPerRun;
        }
    }
}
