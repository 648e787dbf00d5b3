package io.wharf.server.retry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.wharf.server.schedule.Durations;

/**
 * How a group's failed messages are retried.
 *
 * @param delays            space-separated retry delays ({@code "1s 2s 4s"}), the n-th used for the n-th retry
 *                          and the last one for every later retry; null or empty: the delay-level ladder
 *                          {@code 3 + reconsumeTimes} (10 s, 30 s, 1 m, ...)
 * @param maxReconsumeTimes retries before the DLQ; null: the consumer's own setting (default 16)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicy(String delays, Integer maxReconsumeTimes) {
    /** The delay-level ladder and the consumer's retry budget. */
    public static final RetryPolicy LADDER = new RetryPolicy(null, null);

    public RetryPolicy {
        if (delays != null && !delays.isBlank()) {
            Durations.parseList(delays);
        }
        if (maxReconsumeTimes != null && maxReconsumeTimes < 0) {
            throw new IllegalArgumentException("maxReconsumeTimes must be >= 0");
        }
    }

    /** Whether retries use the delay-level ladder. */
    public boolean usesLadder() {
        return delays == null || delays.isBlank();
    }

    /** The delay before retry number {@code reconsumeTimes + 1} (explicit delays only). */
    public long delayMs(int reconsumeTimes) {
        long[] d = Durations.parseList(delays);
        return d[Math.min(reconsumeTimes, d.length - 1)];
    }

    /** The budget: this policy's, else the consumer's. */
    public int maxReconsumeTimes(int askedByConsumer) {
        return maxReconsumeTimes != null ? maxReconsumeTimes : askedByConsumer;
    }
}
