package io.wharf.benchmarks.broker;

/** The flush mode both brokers run with in one step, under each broker's own name for it. */
public enum Flush {
    /** Acknowledged after the group commit forced the message to disk. */
    SYNC("SYNC", "SYNC_FLUSH"),
    /** Acknowledged after the write; forced periodically. */
    ASYNC("ASYNC", "ASYNC_FLUSH");

    private final String wharfName;
    private final String rocketMqName;

    Flush(String wharfName, String rocketMqName) {
        this.wharfName = wharfName;
        this.rocketMqName = rocketMqName;
    }

    /** The value of {@code store.flush.mode}. */
    public String wharfName() {
        return wharfName;
    }

    /** The value of RocketMQ's {@code flushDiskType}. */
    public String rocketMqName() {
        return rocketMqName;
    }
}
