package io.wharf.micronaut.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * {@code wharf.groups.<group>.*}: a consumer group's retry policy, applied to the broker at start-up (the broker
 * keeps it per group, replicated; the last application to start wins).
 */
@EachProperty("wharf.groups")
public class GroupSettings {
    private final String name;
    @Nullable
    @Pattern(regexp = "\\s*\\d+(ms|s|m|h)(\\s+\\d+(ms|s|m|h))*\\s*",
        message = "retry-delays must be durations like '1s 5s 10s 30s 1m'")
    private String retryDelays;
    @Nullable
    @Min(0)
    private Integer maxReconsumeTimes;

    public GroupSettings(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** The retry ladder, e.g. {@code "1s 5s 10s 30s 1m"}; retry n waits the n-th delay (the last repeats). */
    @Nullable
    public String getRetryDelays() {
        return retryDelays;
    }

    public void setRetryDelays(@Nullable String retryDelays) {
        this.retryDelays = retryDelays;
    }

    /** Retries before the dead-letter queue. */
    @Nullable
    public Integer getMaxReconsumeTimes() {
        return maxReconsumeTimes;
    }

    public void setMaxReconsumeTimes(@Nullable Integer maxReconsumeTimes) {
        this.maxReconsumeTimes = maxReconsumeTimes;
    }
}
