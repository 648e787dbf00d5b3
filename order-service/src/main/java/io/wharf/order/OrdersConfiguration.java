package io.wharf.order;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code orders.*}: the service's own settings (the scheduled jobs' intervals are read by their
 * {@code @Scheduled} annotations from the same keys; application.yml lists them all with their defaults).
 */
@ConfigurationProperties("orders")
public class OrdersConfiguration {
    @NotNull
    private TimeoutMode timeoutMode = TimeoutMode.DELAY_LEVEL;
    @Min(1)
    @Max(64)
    private int timeoutDelayLevel = 16;
    @NotNull
    private Duration timeoutDelay = Duration.ofMinutes(30);
    @NotNull
    private Duration checkGracePeriod = Duration.ofMinutes(1);
    @NotNull
    private Duration parkedTtl = Duration.ofDays(7);
    @NotNull
    private Duration parkedDrainAfter = Duration.ofMinutes(5);
    @NotNull
    private Duration redisTimeout = Duration.ofSeconds(2);

    /** How the first OrderTimeoutCheck is delayed. */
    public enum TimeoutMode {
        /** By the broker delay level {@code timeout-delay-level}. */
        DELAY_LEVEL,
        /** Delivered at the order's payment deadline, creation time plus {@code timeout-delay} (broker timer). */
        DELIVER_AT
    }

    /** How the first check is delayed (default DELAY_LEVEL). */
    public TimeoutMode getTimeoutMode() {
        return timeoutMode;
    }

    public void setTimeoutMode(TimeoutMode timeoutMode) {
        this.timeoutMode = timeoutMode;
    }

    /** The broker delay level of the first {@code OrderTimeoutCheck} (default 16 = 30 min). */
    public int getTimeoutDelayLevel() {
        return timeoutDelayLevel;
    }

    public void setTimeoutDelayLevel(int timeoutDelayLevel) {
        this.timeoutDelayLevel = timeoutDelayLevel;
    }

    /**
     * What {@link #getTimeoutDelayLevel()} stands for on the broker (fills the check's dueAt); in DELIVER_AT mode
     * the payment window itself.
     */
    public Duration getTimeoutDelay() {
        return timeoutDelay;
    }

    public void setTimeoutDelay(Duration timeoutDelay) {
        this.timeoutDelay = timeoutDelay;
    }

    /**
     * How long the checker answers UNKNOWN for a half whose order is nowhere (its local transaction may still be
     * running) before it answers ROLLBACK.
     */
    public Duration getCheckGracePeriod() {
        return checkGracePeriod;
    }

    public void setCheckGracePeriod(Duration checkGracePeriod) {
        this.checkGracePeriod = checkGracePeriod;
    }

    /** How long an order parked in Redis (database down) is kept there. */
    public Duration getParkedTtl() {
        return parkedTtl;
    }

    public void setParkedTtl(Duration parkedTtl) {
        this.parkedTtl = parkedTtl;
    }

    /**
     * Parked orders with a half message are written back by the check-back; the drain job writes them back
     * itself once they are this old (parked orders without a half at once).
     */
    public Duration getParkedDrainAfter() {
        return parkedDrainAfter;
    }

    public void setParkedDrainAfter(Duration parkedDrainAfter) {
        this.parkedDrainAfter = parkedDrainAfter;
    }

    /**
     * Command timeout of the Redis calls that park orders: how long placement waits for Redis when the database
     * is down (Lettuce's own default is 60 s, and {@code redis.timeout} is not applied to a {@code redis.uri}).
     */
    public Duration getRedisTimeout() {
        return redisTimeout;
    }

    public void setRedisTimeout(Duration redisTimeout) {
        this.redisTimeout = redisTimeout;
    }


}
