package io.wharf.micronaut.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** {@code wharf.trace.*}: the broker's message trace for every publisher and listener. */
@ConfigurationProperties("wharf.trace")
public class TraceSettings {
    private boolean enabled;
    @Nullable
    private String topic;

    /** Write trace records of every publish and consume to the trace topic (default false). */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The trace topic (client default {@code RMQ_SYS_TRACE_TOPIC}). */
    @Nullable
    public String getTopic() {
        return topic;
    }

    public void setTopic(@Nullable String topic) {
        this.topic = topic;
    }
}
