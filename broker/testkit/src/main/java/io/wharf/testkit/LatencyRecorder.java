package io.wharf.testkit;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies in nanoseconds, one per operation, kept whole so percentiles are exact. One recorder per thread;
 * {@link #summarize} merges them after the threads stopped.
 */
public final class LatencyRecorder {
    private long[] samples = new long[1 << 14];
    private int count;

    public void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = nanos;
    }

    public int count() {
        return count;
    }

    /** Exact percentiles over every sample of every recorder. */
    public static Percentiles summarize(List<LatencyRecorder> recorders) {
        int total = recorders.stream().mapToInt(LatencyRecorder::count).sum();
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.samples, 0, all, at, r.count);
            at += r.count;
        }
        Arrays.sort(all);
        return new Percentiles(total, at(all, 0.50), at(all, 0.99), at(all, 0.999), total == 0 ? 0 : all[total - 1]);
    }

    private static long at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /**
     * Latency percentiles of one measurement, in nanoseconds.
     *
     * @param count   samples
     * @param p50Ns   median
     * @param p99Ns   99th percentile
     * @param p999Ns  99.9th percentile
     * @param maxNs   the slowest sample
     */
    public record Percentiles(int count, long p50Ns, long p99Ns, long p999Ns, long maxNs) {
    }
}
