package io.wharf.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Validated store settings. Every setting, its default and its meaning is listed in
 * {@code docs/configuration.md}; start from {@link #builder(Path)}.
 */
public record StoreConfig(
    Path dataDir,
    int commitLogSegmentBytes,
    boolean preallocateSegments,
    boolean writeThroughChannel,
    int consumeQueueEntriesPerSegment,
    int logIndexEntriesPerSegment,
    int keyIndexSlotsPerFile,
    int keyIndexEntriesPerFile,
    FlushMode flushMode,
    Duration flushTimeout,
    Duration asyncFlushInterval,
    CommitPolicy commitPolicy,
    Duration checkpointInterval,
    Duration retentionAge,
    double maxDiskUsageRatio,
    Duration retentionCheckInterval) {

    public static final int MIN_SEGMENT_BYTES = 1 << 20;
    public static final int DEFAULT_SEGMENT_BYTES = 1 << 30;

    public StoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(flushMode, "flushMode");
        Objects.requireNonNull(commitPolicy, "commitPolicy");
        if (commitLogSegmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("commitLogSegmentBytes must be at least 1 MiB");
        }
        requirePositive(consumeQueueEntriesPerSegment, "consumeQueueEntriesPerSegment");
        requirePositive(logIndexEntriesPerSegment, "logIndexEntriesPerSegment");
        requirePositive(keyIndexSlotsPerFile, "keyIndexSlotsPerFile");
        requirePositive(keyIndexEntriesPerFile, "keyIndexEntriesPerFile");
        if (maxDiskUsageRatio <= 0 || maxDiskUsageRatio > 1) {
            throw new IllegalArgumentException("maxDiskUsageRatio must be in (0, 1]");
        }
        for (Duration d : new Duration[] {flushTimeout, asyncFlushInterval, checkpointInterval, retentionAge,
            retentionCheckInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive");
            }
        }
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Builds a {@link StoreConfig}; every field starts at its documented default. */
    public static final class Builder {
        private final Path dataDir;
        private int commitLogSegmentBytes = DEFAULT_SEGMENT_BYTES;
        private boolean preallocateSegments = true;
        private boolean writeThroughChannel = true;
        private int consumeQueueEntriesPerSegment = 300_000;
        private int logIndexEntriesPerSegment = 1_000_000;
        private int keyIndexSlotsPerFile = 1_000_000;
        private int keyIndexEntriesPerFile = 4_000_000;
        private FlushMode flushMode = FlushMode.SYNC;
        private Duration flushTimeout = Duration.ofSeconds(5);
        private Duration asyncFlushInterval = Duration.ofMillis(500);
        private CommitPolicy commitPolicy = CommitPolicy.LOCAL;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private Duration retentionAge = Duration.ofHours(72);
        private double maxDiskUsageRatio = 0.75;
        private Duration retentionCheckInterval = Duration.ofSeconds(10);

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder commitLogSegmentBytes(int v) {
            this.commitLogSegmentBytes = v;
            return this;
        }

        public Builder preallocateSegments(boolean v) {
            this.preallocateSegments = v;
            return this;
        }

        /**
         * Write and force the commit log through file channels (default) rather than through the mapping; reads
         * always use the mapping. See {@link io.wharf.store.file.MappedSegment} for why.
         */
        public Builder writeThroughChannel(boolean v) {
            this.writeThroughChannel = v;
            return this;
        }

        public Builder consumeQueueEntriesPerSegment(int v) {
            this.consumeQueueEntriesPerSegment = v;
            return this;
        }

        public Builder logIndexEntriesPerSegment(int v) {
            this.logIndexEntriesPerSegment = v;
            return this;
        }

        public Builder keyIndex(int slotsPerFile, int entriesPerFile) {
            this.keyIndexSlotsPerFile = slotsPerFile;
            this.keyIndexEntriesPerFile = entriesPerFile;
            return this;
        }

        public Builder flushMode(FlushMode v) {
            this.flushMode = v;
            return this;
        }

        public Builder flushTimeout(Duration v) {
            this.flushTimeout = v;
            return this;
        }

        public Builder asyncFlushInterval(Duration v) {
            this.asyncFlushInterval = v;
            return this;
        }

        public Builder commitPolicy(CommitPolicy v) {
            this.commitPolicy = v;
            return this;
        }

        public Builder checkpointInterval(Duration v) {
            this.checkpointInterval = v;
            return this;
        }

        public Builder retentionAge(Duration v) {
            this.retentionAge = v;
            return this;
        }

        public Builder maxDiskUsageRatio(double v) {
            this.maxDiskUsageRatio = v;
            return this;
        }

        public Builder retentionCheckInterval(Duration v) {
            this.retentionCheckInterval = v;
            return this;
        }

        /** Small files for tests: 1 MiB segments, no preallocation, tiny index files. */
        public Builder smallFilesForTests() {
            return commitLogSegmentBytes(MIN_SEGMENT_BYTES).preallocateSegments(false)
                .consumeQueueEntriesPerSegment(1024).logIndexEntriesPerSegment(4096).keyIndex(1024, 4096);
        }

        public StoreConfig build() {
            return new StoreConfig(dataDir, commitLogSegmentBytes, preallocateSegments, writeThroughChannel,
                consumeQueueEntriesPerSegment, logIndexEntriesPerSegment, keyIndexSlotsPerFile,
                keyIndexEntriesPerFile, flushMode, flushTimeout, asyncFlushInterval, commitPolicy,
                checkpointInterval, retentionAge, maxDiskUsageRatio, retentionCheckInterval);
        }
    }
}
