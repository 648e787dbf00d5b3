package io.wharf.benchmarks.broker;

/**
 * How a consumer group drained a backlog.
 *
 * @param expected    messages in the backlog
 * @param consumed    messages delivered to the listener (at least {@code expected} unless it timed out)
 * @param startNanos  when the consumer was started ({@link System#nanoTime()})
 * @param firstNanos  when the first message reached the listener
 * @param lastNanos   when the {@code expected}-th message did; 0 when that never happened
 * @param bodyBytes   body bytes per message
 */
public record DrainResult(long expected, long consumed, long startNanos, long firstNanos, long lastNanos,
                          int bodyBytes) {

    /** Whether every message of the backlog arrived. */
    public boolean complete() {
        return lastNanos != 0 && consumed >= expected;
    }

    /** Messages per second from the first delivered message to the last one of the backlog. */
    public double messagesPerSecond() {
        return complete() ? (expected - 1) / ((lastNanos - firstNanos) / 1e9) : 0;
    }

    /** The same rate counted from the consumer's start (group join, rebalance and first pull included). */
    public double messagesPerSecondFromStart() {
        return complete() ? expected / ((lastNanos - startNanos) / 1e9) : 0;
    }

    /** Body MB/s (10^6 bytes) at {@link #messagesPerSecond()}. */
    public double megabytesPerSecond() {
        return messagesPerSecond() * bodyBytes / 1e6;
    }

    /** Milliseconds from the consumer's start to its first message. */
    public double firstMessageMs() {
        return firstNanos == 0 ? 0 : (firstNanos - startNanos) / 1e6;
    }
}
