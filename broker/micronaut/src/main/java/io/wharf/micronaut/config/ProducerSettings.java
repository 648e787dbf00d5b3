package io.wharf.micronaut.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** {@code wharf.producer.*}: the publishers' producer group and send settings. */
@ConfigurationProperties("wharf.producer")
public class ProducerSettings {
    @Nullable
    private String group;
    @Nullable
    private Duration sendTimeout;
    @Nullable
    @Min(0)
    private Integer retries;

    /** The producer group; required once a publisher is injected. Transactions are checked back per group. */
    @Nullable
    public String getGroup() {
        return group;
    }

    public void setGroup(@Nullable String group) {
        this.group = group;
    }

    /** Budget of one publish, retries and leader changes included (client default 3 s). */
    @Nullable
    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(@Nullable Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /** Extra attempts after a retriable failure (client default 2). */
    @Nullable
    public Integer getRetries() {
        return retries;
    }

    public void setRetries(@Nullable Integer retries) {
        this.retries = retries;
    }
}
