package io.wharf.micronaut.binding;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.wharf.client.ReceivedMessage;
import io.wharf.client.facade.WharfClient;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.MessageSelector;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.micronaut.config.ConsumerSettings;
import io.wharf.micronaut.config.SequenceAuditSettings;
import io.wharf.micronaut.config.TraceSettings;
import io.wharf.micronaut.config.WharfConfiguration;
import io.wharf.micronaut.sequence.SequenceGap;
import io.wharf.micronaut.sequence.SequenceAuditor;
import io.wharf.micronaut.sequence.SequenceReport;
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.micronaut.sequence.SequenceTracker;
import jakarta.annotation.PreDestroy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The consumer side of loss detection ({@code wharf.sequence.audit.topic}): a consumer group of its own reads the
 * audited topic from the moment it starts and feeds each stamped message to a {@link SequenceTracker}.
 * {@link #report()} lists the holes open longer than the window; the gauge {@code wharf.sequence.missing} counts
 * their numbers (0 is healthy).
 */
@Context
@Requires(property = "wharf.enabled", notEquals = "false")
@Requires(property = "wharf.sequence.audit.topic")
public class SequenceAudit implements SequenceAuditor {
    private final SequenceAuditSettings settings;
    private final SequenceTracker tracker;
    private final Clock clock;
    private final PushConsumer consumer;
    private long unstamped;

    public SequenceAudit(WharfClient client, WharfConfiguration wharf, ConsumerSettings consumerSettings,
                         SequenceAuditSettings settings, Optional<Clock> clock,
                         @Value("${micronaut.application.name:wharf}") String applicationName,
                         @Nullable MeterRegistry registry) {
        this.settings = settings;
        this.tracker = new SequenceTracker(settings.getWindow());
        this.clock = clock.orElse(Clock.systemUTC());
        String group = settings.getGroup() != null ? settings.getGroup() : defaultGroup(applicationName);
        this.consumer = client.newPushConsumer(WharfClientFactory.consumerConfig(wharf, consumerSettings,
            new TraceSettings(), group).consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET).build());
        consumer.subscribe(settings.getTopic(), MessageSelector.byTag(settings.getTags()));
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(this::audit);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        if (registry != null) {
            Gauge.builder("wharf.sequence.missing", this, a -> a.report().missingNumbers())
                .tag("topic", settings.getTopic())
                .description("numbers missing for longer than the window in the audited topic (0 is healthy)")
                .register(registry);
        }
        consumer.start();
    }

    private static String defaultGroup(String applicationName) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return applicationName + "-sequence-audit-" + HexFormat.of().formatHex(random);
    }

    private void audit(ReceivedMessage m) {
        Optional<SequenceStamp> stamp = SequenceStamp.of(m.properties());
        synchronized (tracker) {
            if (stamp.isPresent()) {
                tracker.record(m.topic(), m.tags(), stamp.get(), clock.instant());
            } else {
                unstamped++;
            }
        }
    }

    /** The holes open longer than the window, with what the audit has seen so far. */
    @Override
    public SequenceReport report() {
        synchronized (tracker) {
            Instant now = clock.instant();
            List<SequenceGap> gaps = tracker.gaps(now);
            long missing = gaps.stream().mapToLong(SequenceGap::size).sum();
            return new SequenceReport(settings.getTopic(), settings.getTags(), settings.getWindow().toString(),
                now, tracker.streamCount(), tracker.messages(), unstamped, missing, tracker.openNumbers(now), gaps);
        }
    }

    @PreDestroy
    void close() {
        consumer.shutdown();
    }
}
