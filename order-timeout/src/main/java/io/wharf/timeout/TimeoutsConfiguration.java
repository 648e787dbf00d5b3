package io.wharf.timeout;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** {@code timeouts.*} (application.yml lists every key with its default). */
@ConfigurationProperties("timeouts")
public class TimeoutsConfiguration {
    /** How an unpaid order is timed out. */
    public enum Mode {
        /** The first check closes it (order-service delayed it by the whole payment window). */
        SINGLE,
        /** Each check re-sends itself with {@code step-delay-level} until the {@code steps}-th closes it. */
        STEPWISE
    }

    @NotNull
    private Mode mode = Mode.SINGLE;
    @Min(1)
    @Max(1000)
    private int steps = 30;
    @Min(1)
    @Max(64)
    private int stepDelayLevel = 5;
    @NotNull
    private Duration stepDelay = Duration.ofMinutes(1);
    @Min(1)
    @Max(64)
    private int retryDelayLevel = 3;
    @NotNull
    private Duration retryDelay = Duration.ofSeconds(10);
    @NotBlank
    private String closeReason = "TIMEOUT";

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    /** Stepwise: the check number that closes the order (default 30: thirty 1-minute checks). */
    public int getSteps() {
        return steps;
    }

    public void setSteps(int steps) {
        this.steps = steps;
    }

    /** Stepwise: the delay level of each re-sent check (default 5 = 1 min in the broker's default table). */
    public int getStepDelayLevel() {
        return stepDelayLevel;
    }

    public void setStepDelayLevel(int stepDelayLevel) {
        this.stepDelayLevel = stepDelayLevel;
    }

    /** What {@link #getStepDelayLevel()} stands for; fills the re-sent check's dueAt. */
    public Duration getStepDelay() {
        return stepDelay;
    }

    public void setStepDelay(Duration stepDelay) {
        this.stepDelay = stepDelay;
    }

    /** The delay level of a check re-sent because order-service did not answer (default 3 = 10 s). */
    public int getRetryDelayLevel() {
        return retryDelayLevel;
    }

    public void setRetryDelayLevel(int retryDelayLevel) {
        this.retryDelayLevel = retryDelayLevel;
    }

    /** What {@link #getRetryDelayLevel()} stands for. */
    public Duration getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(Duration retryDelay) {
        this.retryDelay = retryDelay;
    }

    /** The reason order-service records on the closed order (default TIMEOUT). */
    public String getCloseReason() {
        return closeReason;
    }

    public void setCloseReason(String closeReason) {
        this.closeReason = closeReason;
    }
}
