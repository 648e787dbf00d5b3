package io.wharf.micronaut.listener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters per listener, tagged with its group, topic and method: {@code wharf.listener.consumed},
 * {@code .failed}, {@code .retried} (consumed on a redelivery), {@code .dead.lettered} (poison) and the timer
 * {@code wharf.listener.latency}. Without a meter registry it records nothing.
 */
@Singleton
public class ListenerMetrics {
    private final MeterRegistry registry;

    public ListenerMetrics(@Nullable MeterRegistry registry) {
        this.registry = registry;
    }

    void consumed(ListenerDefinition d, int reconsumeTimes, long nanos) {
        if (registry == null) {
            return;
        }
        counter("wharf.listener.consumed", d).increment();
        if (reconsumeTimes > 0) {
            counter("wharf.listener.retried", d).increment();
        }
        timer(d).record(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(ListenerDefinition d, long nanos) {
        if (registry == null) {
            return;
        }
        counter("wharf.listener.failed", d).increment();
        timer(d).record(nanos, TimeUnit.NANOSECONDS);
    }

    void poison(ListenerDefinition d) {
        if (registry != null) {
            counter("wharf.listener.dead.lettered", d).increment();
        }
    }

    private Counter counter(String name, ListenerDefinition d) {
        return Counter.builder(name).tag("group", d.group()).tag("topic", d.topic()).tag("listener", d.name())
            .register(registry);
    }

    private Timer timer(ListenerDefinition d) {
        return Timer.builder("wharf.listener.latency").tag("group", d.group()).tag("topic", d.topic())
            .tag("listener", d.name()).publishPercentileHistogram().register(registry);
    }
}
