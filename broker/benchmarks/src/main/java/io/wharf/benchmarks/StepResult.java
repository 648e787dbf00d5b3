package io.wharf.benchmarks;

import java.util.Map;

/**
 * One step of the load tool: the store at a writer count beside the raw loop forcing as many records at a
 * time as the store's group commit did.
 *
 * @param writers concurrent writers against the store
 * @param store   the store's measurement
 * @param raws    the raw loop's measurement per variant run; batch = the store's mean records per force, rounded,
 *                at least 1. {@link RawVariant#MMAP} is always there.
 */
public record StepResult(int writers, Measurement store, Map<RawVariant, Measurement> raws) {
    public StepResult {
        raws = Map.copyOf(raws);
        if (!raws.containsKey(RawVariant.MMAP)) {
            throw new IllegalArgumentException("the mmap reference run is missing");
        }
    }

    /** The reference: the plain mmap loop. */
    public Measurement raw() {
        return raws.get(RawVariant.MMAP);
    }

    /** The share of the raw limit the store reached: store records/s over raw records/s. */
    public double throughputRatio() {
        return throughputRatio(RawVariant.MMAP);
    }

    public double throughputRatio(RawVariant variant) {
        return store.recordsPerSecond() / raws.get(variant).recordsPerSecond();
    }

    /** Store p99 over raw p99. */
    public double p99Ratio() {
        return p99Ratio(RawVariant.MMAP);
    }

    public double p99Ratio(RawVariant variant) {
        return (double) store.latency().p99Ns() / raws.get(variant).latency().p99Ns();
    }
}
