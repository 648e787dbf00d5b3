package io.wharf.micronaut.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * {@code wharf.sequence.audit.*}: the consumer-side loss check. When {@code topic} is set, an audit consumer of
 * its own group reads every message of the topic (matching {@code tags}) and checks each producer's numbers
 * (stamped by producers with {@code wharf.sequence.stamp: true}) for holes.
 */
@ConfigurationProperties("wharf.sequence.audit")
public class SequenceAuditSettings {
    @Nullable
    private String topic;
    @NotBlank
    private String tags = "*";
    @NotNull
    private Duration window = Duration.ofMinutes(2);
    @Nullable
    private String group;

    /** The topic to audit; no audit when unset. */
    @Nullable
    public String getTopic() {
        return topic;
    }

    public void setTopic(@Nullable String topic) {
        this.topic = topic;
    }

    /** The tag expression of the audited messages (default {@code *}). */
    public String getTags() {
        return tags;
    }

    public void setTags(String tags) {
        this.tags = tags;
    }

    /**
     * How long a hole may stay open before it is reported (default 2 min): longer than the slowest commit of a
     * transactional message after the ones sent after it, and than a send's retries.
     */
    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    /**
     * The audit's consumer group (default: the application name, {@code -sequence-audit-} and a random suffix, so
     * every instance reads the whole topic: instances sharing a group would each see only their queues).
     */
    @Nullable
    public String getGroup() {
        return group;
    }

    public void setGroup(@Nullable String group) {
        this.group = group;
    }
}
