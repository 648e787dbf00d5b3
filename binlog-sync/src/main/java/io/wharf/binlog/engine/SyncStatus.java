package io.wharf.binlog.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the engine and the publisher have done, for /sync/status, health and metrics. */
@Singleton
public class SyncStatus {
    private final Clock clock;
    private final Counter published;
    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong lastPublishedLsn = new AtomicLong();
    private final AtomicLong lastAcknowledgedLsn = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();
    private volatile boolean running;
    private volatile long rateWindowStartChanges;
    private volatile long rateWindowStartNanos = System.nanoTime();
    private volatile double changesPerSecond;

    public SyncStatus(Clock clock, @Nullable MeterRegistry registry) {
        this.clock = clock;
        this.published = registry == null ? null : Counter.builder("binlog.changes.published")
            .description("row changes published and acknowledged").register(registry);
    }

    void publishing(long lsn) {
        lastPublishedLsn.set(lsn);
    }

    void acknowledged(long lsn) {
        lastAcknowledgedLsn.set(lsn);
        changes.incrementAndGet();
        if (published != null) {
            published.increment();
        }
    }

    void failed(String error) {
        lastError.set(error);
        lastErrorAt.set(clock.instant());
    }

    void running(boolean r) {
        running = r;
    }

    public boolean running() {
        return running;
    }

    public long changes() {
        return changes.get();
    }

    public long lastPublishedLsn() {
        return lastPublishedLsn.get();
    }

    public long lastAcknowledgedLsn() {
        return lastAcknowledgedLsn.get();
    }

    @Nullable
    public String lastError() {
        return lastError.get();
    }

    @Nullable
    public Instant lastErrorAt() {
        return lastErrorAt.get();
    }

    /** Changes per second over the last window of at least 5 s. */
    public synchronized double changesPerSecond() {
        long now = System.nanoTime();
        double seconds = (now - rateWindowStartNanos) / 1e9;
        if (seconds >= 5) {
            long c = changes.get();
            changesPerSecond = (c - rateWindowStartChanges) / seconds;
            rateWindowStartChanges = c;
            rateWindowStartNanos = now;
        }
        return changesPerSecond;
    }
}
