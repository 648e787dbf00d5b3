package io.wharf.server.schedule;

import java.util.Arrays;

/**
 * The broker's delay-level table: level {@code n} (1-based) waits {@code delayMs(n)} after the message was
 * stored. RocketMQ's default table is {@code 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h}.
 */
public final class DelayLevels {
    public static final String DEFAULT = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private final long[] delaysMs;

    public DelayLevels(long[] delaysMs) {
        if (delaysMs.length == 0) {
            throw new IllegalArgumentException("a delay-level table needs at least one level");
        }
        this.delaysMs = delaysMs.clone();
    }

    public static DelayLevels parse(String text) {
        return new DelayLevels(Durations.parseList(text));
    }

    public int maxLevel() {
        return delaysMs.length;
    }

    /** The delay of a level, 1..{@link #maxLevel()}. */
    public long delayMs(int level) {
        return delaysMs[level - 1];
    }

    /** A requested level brought into the table: above the last level means the last level. */
    public int clamp(int level) {
        return Math.max(1, Math.min(level, delaysMs.length));
    }

    @Override
    public String toString() {
        return Arrays.toString(delaysMs);
    }
}
