package io.wharf.order.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wharf.order.persistence.SpoolEntry;
import io.wharf.order.persistence.SpoolRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spool's figures, read from the database ({@link #refresh}, after every relay run and on every request for
 * them) and kept for the gauge {@code wharf.order.spool.pending}.
 */
@Singleton
public class SpoolMonitor {
    /** The gauge's name. */
    public static final String PENDING_GAUGE = "wharf.order.spool.pending";

    private final SpoolRepository spool;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();

    public SpoolMonitor(SpoolRepository spool, Clock clock, MeterRegistry registry) {
        this.spool = spool;
        this.clock = clock;
        Gauge.builder(PENDING_GAUGE, pending, AtomicLong::get)
            .description("messages in the spool waiting for the broker group").register(registry);
    }

    /**
     * Reads the figures now.
     *
     * @throws RuntimeException when the database cannot be read
     */
    public SpoolStatus refresh() {
        long count = spool.count();
        pending.set(count);
        List<SpoolEntry> oldest = count == 0 ? List.of() : spool.oldest(1);
        Long age = oldest.isEmpty() ? null
            : Math.max(0, Duration.between(oldest.getFirst().createdAt(), clock.instant()).toSeconds());
        return new SpoolStatus(count, age);
    }
}
