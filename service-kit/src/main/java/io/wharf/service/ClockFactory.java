package io.wharf.service;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * The one clock the service reads time from (tests may replace it), ticking in microseconds: what PostgreSQL's
 * timestamps keep, so an order reads back as it was written.
 */
@Factory
public class ClockFactory {
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
