package io.wharf.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when the test says so. */
public final class ManualClock implements InstantSource {
    private final AtomicLong millis;

    public ManualClock(long startMs) {
        this.millis = new AtomicLong(startMs);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    public void advance(Duration by) {
        millis.addAndGet(by.toMillis());
    }
}
