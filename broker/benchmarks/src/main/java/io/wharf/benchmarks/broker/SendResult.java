package io.wharf.benchmarks.broker;

import io.wharf.testkit.LatencyRecorder;

/**
 * What one send step achieved.
 *
 * @param messages   sends acknowledged OK inside the measured window
 * @param seconds    the window's length
 * @param bodyBytes  body bytes per message
 * @param latency    latency percentiles of those sends
 * @param errors     sends that failed or came back with another status inside the window
 * @param firstError the first failure, or null
 */
public record SendResult(long messages, double seconds, int bodyBytes, LatencyRecorder.Percentiles latency,
                         long errors, String firstError) {

    public double messagesPerSecond() {
        return messages / seconds;
    }

    /** Body MB/s (10^6 bytes). */
    public double megabytesPerSecond() {
        return messagesPerSecond() * bodyBytes / 1e6;
    }
}
