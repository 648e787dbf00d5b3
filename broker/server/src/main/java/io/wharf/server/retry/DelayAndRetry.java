package io.wharf.server.retry;

import io.wharf.server.health.NodeHealth;
import io.wharf.server.schedule.DelayLevels;
import io.wharf.server.schedule.ScheduleService;
import io.wharf.server.schedule.ScheduledMessages;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.store.MessageStore;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The node's scheduled delivery, retry and dead-letter components, built from the broker settings
 * {@code delay.levels}, {@code timer.max.delay.ms}, {@code schedule.persist.interval.ms}, {@code retry.delays}
 * and {@code retry.max.reconsume.times}. See {@code docs/adr/0005-delay-retry-dlq.md}.
 */
public final class DelayAndRetry implements AutoCloseable {
    private final ScheduleService schedule;
    private final RetryPolicies policies;
    private final SendBackService sendBack;
    private final DeadLetterService deadLetters;

    /**
     * The settings, as the broker configuration spells them.
     *
     * @param configDir           where progress and policies are kept
     * @param delayLevels         {@code delay.levels}
     * @param timerMaxDelayMs     {@code timer.max.delay.ms}
     * @param persistIntervalMs   {@code schedule.persist.interval.ms}
     * @param retryDelays         {@code retry.delays} (blank: the broker's level ladder)
     * @param maxReconsumeTimes   {@code retry.max.reconsume.times} (blank: the default)
     */
    public record Settings(Path configDir, String delayLevels, long timerMaxDelayMs, long persistIntervalMs,
                           String retryDelays, String maxReconsumeTimes) {
    }

    public DelayAndRetry(Settings settings, MessageStore store, TopicRegistry topics, InstantSource clock,
                         NodeHealth health) {
        Path configDir = settings.configDir();
        DelayLevels levels = DelayLevels.parse(settings.delayLevels());
        this.schedule = new ScheduleService(store, new ScheduledMessages(levels, settings.timerMaxDelayMs(), clock),
            clock, configDir, settings.persistIntervalMs(), health);
        String max = settings.maxReconsumeTimes().trim();
        String delays = settings.retryDelays().trim();
        this.policies = new RetryPolicies(new RetryPolicy(delays.isEmpty() ? null : delays,
            max.isEmpty() ? null : Integer.valueOf(max)), configDir);
        this.sendBack = new SendBackService(store, topics, schedule, levels, policies, clock);
        this.deadLetters = new DeadLetterService(store, topics, configDir, health);
    }

    public void start() {
        schedule.start();
    }

    public ScheduleService schedule() {
        return schedule;
    }

    public RetryPolicies policies() {
        return policies;
    }

    public SendBackService sendBack() {
        return sendBack;
    }

    public DeadLetterService deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        schedule.close();
    }
}
