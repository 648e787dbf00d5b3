package io.wharf.benchmarks.broker;

import java.util.List;
import java.util.Optional;

/**
 * Everything one {@link BrokerLoadTool} run measured.
 *
 * @param sends  every send step, in the order run
 * @param drains every backlog drain, in the order run
 */
public record BrokerRun(List<SendStep> sends, List<DrainStep> drains) {
    public BrokerRun {
        sends = List.copyOf(sends);
        drains = List.copyOf(drains);
    }

    /** The step of {@code broker} at this flush mode and thread count, if it ran. */
    public Optional<SendResult> send(String broker, Flush flush, int threads) {
        return sends.stream().filter(s -> s.broker().equals(broker) && s.flush() == flush && s.threads() == threads)
            .map(SendStep::result).findFirst();
    }

    /** The drain of {@code broker}, if it ran. */
    public Optional<DrainStep> drain(String broker) {
        return drains.stream().filter(d -> d.broker().equals(broker)).findFirst();
    }

    /**
     * One send step.
     *
     * @param broker  {@link BrokerLoadOptions#WHARF} or {@link BrokerLoadOptions#ROCKETMQ}
     * @param flush   the broker's flush mode
     * @param threads producer threads
     * @param result  what it achieved
     */
    public record SendStep(String broker, Flush flush, int threads, SendResult result) {
    }

    /**
     * One backlog: written, then drained by one new consumer group.
     *
     * @param broker {@link BrokerLoadOptions#WHARF} or {@link BrokerLoadOptions#ROCKETMQ}
     * @param flush  the broker's flush mode
     * @param fill   how the backlog was written
     * @param result how it was drained
     */
    public record DrainStep(String broker, Flush flush, SendResult fill, DrainResult result) {
    }
}
