package io.wharf.benchmarks;

import io.wharf.testkit.LatencyRecorder;

/**
 * What one measured run achieved: records completed in the measured window, their latencies and the mean number
 * of records per force.
 *
 * @param records       records completed in the window
 * @param seconds       the window's length
 * @param recordBytes   encoded bytes per record
 * @param latency       per-record latency percentiles
 * @param recordsPerForce mean records covered by one force
 */
public record Measurement(long records, double seconds, int recordBytes, LatencyRecorder.Percentiles latency,
                          double recordsPerForce) {

    public double recordsPerSecond() {
        return records / seconds;
    }

    /** Throughput in MB/s (10^6 bytes) of encoded records. */
    public double megabytesPerSecond() {
        return recordsPerSecond() * recordBytes / 1e6;
    }
}
