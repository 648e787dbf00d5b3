package io.wharf.micronaut.binding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/** {@code wharf.publisher.published}, {@code .failed} and the timer {@code wharf.publisher.latency}, by topic. */
@Singleton
public class PublisherMetrics {
    private final MeterRegistry registry;

    public PublisherMetrics(@Nullable MeterRegistry registry) {
        this.registry = registry;
    }

    void published(String topic, long nanos) {
        if (registry != null) {
            Counter.builder("wharf.publisher.published").tag("topic", topic).register(registry).increment();
            Timer.builder("wharf.publisher.latency").tag("topic", topic).publishPercentileHistogram()
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void failed(String topic) {
        if (registry != null) {
            Counter.builder("wharf.publisher.failed").tag("topic", topic).register(registry).increment();
        }
    }
}
