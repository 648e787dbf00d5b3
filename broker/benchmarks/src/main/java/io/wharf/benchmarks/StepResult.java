package io.wharf.benchmarks;

/**
 * One step of the load tool: the store at a writer count beside the raw loop forcing as many records at a
 * time as the store's group commit did.
 *
 * @param writers concurrent writers against the store
 * @param store   the store's measurement
 * @param raw     the raw loop's measurement, batch = the store's mean records per force, rounded, at least 1
 */
public record StepResult(int writers, Measurement store, Measurement raw) {
    /** The share of the raw limit the store reached: store records/s over raw records/s. */
    public double throughputRatio() {
        return store.recordsPerSecond() / raw.recordsPerSecond();
    }

    /** Store p99 over raw p99. */
    public double p99Ratio() {
        return (double) store.latency().p99Ns() / raw.latency().p99Ns();
    }
}
