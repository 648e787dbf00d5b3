package io.wharf.timeout.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The checks' counters ({@code timeouts.checks} by outcome) and their lateness ({@code timeouts.lateness}: the
 * delivery time minus the check's dueAt, a histogram with fixed buckets), as Micrometer meters and as
 * {@link Snapshot} for {@code GET /timeouts/stats}.
 */
@Singleton
public class TimeoutStats {
    private static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final Map<CheckOutcome, Counter> outcomes = new EnumMap<>(CheckOutcome.class);
    private final Timer lateness;
    private final Counter early;

    public TimeoutStats(MeterRegistry registry) {
        for (CheckOutcome o : CheckOutcome.values()) {
            outcomes.put(o, Counter.builder("timeouts.checks").tag("outcome", o.name().toLowerCase())
                .description("OrderTimeoutCheck deliveries by what they did").register(registry));
        }
        this.lateness = Timer.builder("timeouts.lateness").serviceLevelObjectives(BUCKETS)
            .description("delivery time of a check minus its dueAt (0 when it came early)").register(registry);
        this.early = Counter.builder("timeouts.early").description("checks delivered before their dueAt")
            .register(registry);
    }

    void delivered(Duration late) {
        if (late.isNegative()) {
            early.increment();
            lateness.record(Duration.ZERO);
        } else {
            lateness.record(late);
        }
    }

    void outcome(CheckOutcome o) {
        outcomes.get(o).increment();
    }

    /** Counts and the lateness histogram now. */
    public Snapshot snapshot() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        outcomes.forEach((o, c) -> counts.put(o.name().toLowerCase(), (long) c.count()));
        HistogramSnapshot h = lateness.takeSnapshot();
        List<Bucket> buckets = new ArrayList<>();
        for (CountAtBucket b : h.histogramCounts()) {
            buckets.add(new Bucket((long) b.bucket(TimeUnit.MILLISECONDS), (long) b.count()));
        }
        return new Snapshot(h.count(), counts, (long) early.count(), (long) h.mean(TimeUnit.MILLISECONDS),
            (long) h.max(TimeUnit.MILLISECONDS), buckets);
    }

    /**
     * The statistics.
     *
     * @param checks        checks delivered
     * @param outcomes      per outcome (closed, skipped_paid, skipped_closed, unknown_order, rescheduled, retry)
     * @param early         delivered before their dueAt
     * @param meanLatenessMs mean lateness
     * @param maxLatenessMs the largest lateness in the current window
     * @param lateness      cumulative histogram: checks at most {@code leMs} late
     */
    @Serdeable
    public record Snapshot(long checks, Map<String, Long> outcomes, long early, long meanLatenessMs,
                           long maxLatenessMs, List<Bucket> lateness) {
    }

    /**
     * One histogram bucket.
     *
     * @param leMs  the bucket's upper bound
     * @param count checks at most this late
     */
    @Serdeable
    public record Bucket(long leMs, long count) {
    }
}
