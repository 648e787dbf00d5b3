package io.wharf.micronaut.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code wharf.consumer.*}: defaults for every {@code @WharfListener}. */
@ConfigurationProperties("wharf.consumer")
public class ConsumerSettings {
    @Nullable
    @Min(1)
    private Integer threads;
    @Nullable
    private Duration shutdownTimeout;
    @Nullable
    private Duration suspendTime;
    @Nullable
    private Duration pollTimeout;
    private boolean virtualThreads;

    /** Listener threads per listener (client default 4 up to 16). */
    @Nullable
    public Integer getThreads() {
        return threads;
    }

    public void setThreads(@Nullable Integer threads) {
        this.threads = threads;
    }

    /** How long shutdown waits for running listener calls (client default 10 s). */
    @Nullable
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Orderly: how long a queue pauses after a failure (client default 1 s). */
    @Nullable
    public Duration getSuspendTime() {
        return suspendTime;
    }

    public void setSuspendTime(@Nullable Duration suspendTime) {
        this.suspendTime = suspendTime;
    }

    /** How long the broker holds a pull that finds nothing (client default 15 s). */
    @Nullable
    public Duration getPollTimeout() {
        return pollTimeout;
    }

    public void setPollTimeout(@Nullable Duration pollTimeout) {
        this.pollTimeout = pollTimeout;
    }

    /**
     * Run every listener call on a virtual thread of one executor shared by all listeners instead of a thread
     * pool per listener (default false); listeners' {@code threads} then no longer bound their concurrency.
     */
    public boolean isVirtualThreads() {
        return virtualThreads;
    }

    public void setVirtualThreads(boolean virtualThreads) {
        this.virtualThreads = virtualThreads;
    }
}
