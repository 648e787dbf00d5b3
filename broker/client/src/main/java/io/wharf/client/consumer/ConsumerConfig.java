package io.wharf.client.consumer;

import io.wharf.client.ClientSettings;
import io.wharf.client.BrokerAddresses;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A push consumer's settings, validated when built.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>group</td><td>(required)</td><td>consumer group</td></tr>
 * <tr><td>bootstrap</td><td>(required)</td><td>addresses of the broker group's nodes
 *     {@code "host:port,host:port"}; the consumer finds the leader among them</td></tr>
 * <tr><td>messageModel</td><td>CLUSTERING</td><td>share queues among members, or every member gets all</td></tr>
 * <tr><td>consumeFromWhere</td><td>CONSUME_FROM_LAST_OFFSET</td><td>start of a queue the group has no offset
 *     for</td></tr>
 * <tr><td>consumeTimestampMs</td><td>30 min before start</td><td>for CONSUME_FROM_TIMESTAMP</td></tr>
 * <tr><td>consumeThreadMin / Max</td><td>4 / 16</td><td>listener threads: started up front / grown to under
 *     load (orderly: at most one per queue is busy)</td></tr>
 * <tr><td>consumeMessageBatchMaxSize</td><td>1</td><td>messages per listener call</td></tr>
 * <tr><td>pullBatchSize</td><td>32</td><td>messages asked for per pull</td></tr>
 * <tr><td>pullThresholdForQueue</td><td>1000</td><td>flow control: a queue is not pulled while this many of its
 *     messages are pulled but not yet acknowledged</td></tr>
 * <tr><td>pollTimeoutMs</td><td>15000</td><td>how long the broker holds a pull that finds nothing (long
 *     polling)</td></tr>
 * <tr><td>suspendCurrentQueueTimeMillis</td><td>1000</td><td>delay before a batch the listener asked to retry is
 *     delivered again</td></tr>
 * <tr><td>maxReconsumeTimes</td><td>16</td><td>concurrent: how often a failed message is retried (through the
 *     group's retry topic, with growing delays) before it goes to the group's dead-letter queue</td></tr>
 * <tr><td>consumeTimeoutMinutes</td><td>15</td><td>concurrent: a listener call running longer than this has its
 *     messages sent back for retry, as if it returned RECONSUME_LATER; its eventual result is ignored
 *     ({@code consumeTimeoutMs} sets it in milliseconds, for tests)</td></tr>
 * <tr><td>maxReconsumeTimesOrderly</td><td>{@link Integer#MAX_VALUE}</td><td>orderly: how often a batch is
 *     redelivered in place before it goes to the dead-letter queue and the queue moves on</td></tr>
 * <tr><td>heartbeatIntervalMs</td><td>1000</td><td>group membership refresh (the broker drops a member silent for
 *     10 s)</td></tr>
 * <tr><td>rebalanceIntervalMs</td><td>1000</td><td>how often queue assignment is recomputed</td></tr>
 * <tr><td>persistOffsetIntervalMs</td><td>1000</td><td>how often acknowledged offsets are committed (also on
 *     rebalance and shutdown)</td></tr>
 * <tr><td>lockRenewIntervalMs</td><td>20000</td><td>orderly clustering: queue lock renewal (the broker's lease is
 *     60 s; a lock not renewed for 30 s is treated as lost)</td></tr>
 * <tr><td>requestTimeoutMs</td><td>3000</td><td>timeout of control requests (heartbeat, offsets, locks,
 *     routes), following the leader through a leader change included; a pull has this on top of
 *     pollTimeoutMs</td></tr>
 * <tr><td>shutdownTimeoutMs</td><td>10000</td><td>how long shutdown waits for running listener calls</td></tr>
 * <tr><td>clientId</td><td>{@code host@pid#n}</td><td>this member's id; unique within the group</td></tr>
 * <tr><td>localOffsetDir</td><td>{@code ~/.wharf/offsets}</td><td>broadcasting: offsets are kept in
 *     {@code <localOffsetDir>/<clientId>/<group>.offsets}; give broadcasting members a stable clientId so a
 *     restarted member finds its file</td></tr>
 * <tr><td>enableMsgTrace</td><td>false</td><td>write trace records before and after every listener call to
 *     the trace topic, asynchronously (see {@code docs/trace.md})</td></tr>
 * <tr><td>traceTopic</td><td>{@code RMQ_SYS_TRACE_TOPIC}</td><td>where trace records go</td></tr>
 * </table>
 */
public final class ConsumerConfig {
    private final ClientSettings settings;
    private final MessageModel messageModel;
    private final ConsumeFromWhere consumeFromWhere;
    private final long consumeTimestampMs;
    private final int consumeThreadMin;
    private final int consumeThreadMax;
    private final int consumeMessageBatchMaxSize;
    private final int pullBatchSize;
    private final int pullThresholdForQueue;
    private final long pollTimeoutMs;
    private final long suspendCurrentQueueTimeMillis;
    private final int maxReconsumeTimes;
    private final int maxReconsumeTimesOrderly;
    private final long consumeTimeoutMs;
    private final long rebalanceIntervalMs;
    private final long persistOffsetIntervalMs;
    private final long lockRenewIntervalMs;
    private final long requestTimeoutMs;
    private final long shutdownTimeoutMs;
    private final Path localOffsetDir;

    private ConsumerConfig(Builder b) {
        this.settings = b.settings();
        this.messageModel = Objects.requireNonNull(b.messageModel, "messageModel");
        this.consumeFromWhere = Objects.requireNonNull(b.consumeFromWhere, "consumeFromWhere");
        this.consumeTimestampMs = b.consumeTimestampMs != null ? b.consumeTimestampMs
            : System.currentTimeMillis() - 30 * 60_000L;
        this.consumeThreadMin = (int) positive("consumeThreadMin", b.consumeThreadMin);
        this.consumeThreadMax = (int) positive("consumeThreadMax", b.consumeThreadMax);
        if (consumeThreadMax < consumeThreadMin) {
            throw new IllegalArgumentException("consumeThreadMax must be >= consumeThreadMin");
        }
        this.consumeMessageBatchMaxSize = (int) positive("consumeMessageBatchMaxSize", b.consumeMessageBatchMaxSize);
        this.pullBatchSize = (int) positive("pullBatchSize", b.pullBatchSize);
        this.pullThresholdForQueue = (int) positive("pullThresholdForQueue", b.pullThresholdForQueue);
        this.pollTimeoutMs = positive("pollTimeoutMs", b.pollTimeoutMs);
        this.suspendCurrentQueueTimeMillis = positive("suspendCurrentQueueTimeMillis",
            b.suspendCurrentQueueTimeMillis);
        if (b.maxReconsumeTimes < 0 || b.maxReconsumeTimesOrderly < 0) {
            throw new IllegalArgumentException("maxReconsumeTimes and maxReconsumeTimesOrderly must be >= 0");
        }
        this.maxReconsumeTimes = b.maxReconsumeTimes;
        this.maxReconsumeTimesOrderly = b.maxReconsumeTimesOrderly;
        this.consumeTimeoutMs = positive("consumeTimeoutMs", b.consumeTimeoutMs);
        this.rebalanceIntervalMs = positive("rebalanceIntervalMs", b.rebalanceIntervalMs);
        this.persistOffsetIntervalMs = positive("persistOffsetIntervalMs", b.persistOffsetIntervalMs);
        this.lockRenewIntervalMs = positive("lockRenewIntervalMs", b.lockRenewIntervalMs);
        this.requestTimeoutMs = positive("requestTimeoutMs", b.requestTimeoutMs);
        this.shutdownTimeoutMs = positive("shutdownTimeoutMs", b.shutdownTimeoutMs);
        this.localOffsetDir = b.localOffsetDir != null ? b.localOffsetDir
            : Path.of(System.getProperty("user.home"), ".wharf", "offsets");
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
        return value;
    }

    public static Builder builder(String group, String bootstrap) {
        return new Builder(group, bootstrap);
    }

    /** The settings every producer and consumer has. */
    public ClientSettings settings() {
        return settings;
    }

    public String group() {
        return settings.group();
    }

    public BrokerAddresses bootstrap() {
        return settings.bootstrap();
    }

    public MessageModel messageModel() {
        return messageModel;
    }

    public ConsumeFromWhere consumeFromWhere() {
        return consumeFromWhere;
    }

    public long consumeTimestampMs() {
        return consumeTimestampMs;
    }

    public int consumeThreadMin() {
        return consumeThreadMin;
    }

    public int consumeThreadMax() {
        return consumeThreadMax;
    }

    public int consumeMessageBatchMaxSize() {
        return consumeMessageBatchMaxSize;
    }

    public int pullBatchSize() {
        return pullBatchSize;
    }

    public int pullThresholdForQueue() {
        return pullThresholdForQueue;
    }

    public long pollTimeoutMs() {
        return pollTimeoutMs;
    }

    public long suspendCurrentQueueTimeMillis() {
        return suspendCurrentQueueTimeMillis;
    }

    public int maxReconsumeTimes() {
        return maxReconsumeTimes;
    }

    public int maxReconsumeTimesOrderly() {
        return maxReconsumeTimesOrderly;
    }

    /** The consume timeout of concurrent consumption, in milliseconds. */
    public long consumeTimeoutMs() {
        return consumeTimeoutMs;
    }

    public long heartbeatIntervalMs() {
        return settings.heartbeatIntervalMs();
    }

    public long rebalanceIntervalMs() {
        return rebalanceIntervalMs;
    }

    public long persistOffsetIntervalMs() {
        return persistOffsetIntervalMs;
    }

    public long lockRenewIntervalMs() {
        return lockRenewIntervalMs;
    }

    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public long shutdownTimeoutMs() {
        return shutdownTimeoutMs;
    }

    public String clientId() {
        return settings.clientId();
    }

    public Path localOffsetDir() {
        return localOffsetDir;
    }

    public boolean enableMsgTrace() {
        return settings.enableMsgTrace();
    }

    public String traceTopic() {
        return settings.traceTopic();
    }

    /** Builds a {@link ConsumerConfig}; see the class comment for defaults. */
    public static final class Builder extends ClientSettings.Builder<Builder> {
        private MessageModel messageModel = MessageModel.CLUSTERING;
        private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET;
        private Long consumeTimestampMs;
        private long consumeThreadMin = 4;
        private long consumeThreadMax = 16;
        private long consumeMessageBatchMaxSize = 1;
        private long pullBatchSize = 32;
        private long pullThresholdForQueue = 1000;
        private long pollTimeoutMs = 15_000;
        private long suspendCurrentQueueTimeMillis = 1000;
        private int maxReconsumeTimes = 16;
        private int maxReconsumeTimesOrderly = Integer.MAX_VALUE;
        private long consumeTimeoutMs = 15 * 60_000L;
        private long rebalanceIntervalMs = 1000;
        private long persistOffsetIntervalMs = 1000;
        private long lockRenewIntervalMs = 20_000;
        private long requestTimeoutMs = 3000;
        private long shutdownTimeoutMs = 10_000;
        private Path localOffsetDir;

        private Builder(String group, String bootstrap) {
            super("consumer group", group, bootstrap);
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder messageModel(MessageModel v) {
            this.messageModel = v;
            return this;
        }

        public Builder consumeFromWhere(ConsumeFromWhere v) {
            this.consumeFromWhere = v;
            return this;
        }

        public Builder consumeTimestampMs(long v) {
            this.consumeTimestampMs = v;
            return this;
        }

        public Builder consumeThreadMin(int v) {
            this.consumeThreadMin = v;
            return this;
        }

        public Builder consumeThreadMax(int v) {
            this.consumeThreadMax = v;
            return this;
        }

        public Builder consumeMessageBatchMaxSize(int v) {
            this.consumeMessageBatchMaxSize = v;
            return this;
        }

        public Builder pullBatchSize(int v) {
            this.pullBatchSize = v;
            return this;
        }

        public Builder pullThresholdForQueue(int v) {
            this.pullThresholdForQueue = v;
            return this;
        }

        public Builder pollTimeoutMs(long v) {
            this.pollTimeoutMs = v;
            return this;
        }

        public Builder suspendCurrentQueueTimeMillis(long v) {
            this.suspendCurrentQueueTimeMillis = v;
            return this;
        }

        public Builder maxReconsumeTimes(int v) {
            this.maxReconsumeTimes = v;
            return this;
        }

        public Builder maxReconsumeTimesOrderly(int v) {
            this.maxReconsumeTimesOrderly = v;
            return this;
        }

        public Builder consumeTimeoutMinutes(long v) {
            this.consumeTimeoutMs = Math.multiplyExact(v, 60_000L);
            return this;
        }

        /** The consume timeout in milliseconds; for tests (see {@code consumeTimeoutMinutes}). */
        public Builder consumeTimeoutMs(long v) {
            this.consumeTimeoutMs = v;
            return this;
        }

        public Builder rebalanceIntervalMs(long v) {
            this.rebalanceIntervalMs = v;
            return this;
        }

        public Builder persistOffsetIntervalMs(long v) {
            this.persistOffsetIntervalMs = v;
            return this;
        }

        public Builder lockRenewIntervalMs(long v) {
            this.lockRenewIntervalMs = v;
            return this;
        }

        public Builder requestTimeoutMs(long v) {
            this.requestTimeoutMs = v;
            return this;
        }

        public Builder shutdownTimeoutMs(long v) {
            this.shutdownTimeoutMs = v;
            return this;
        }

        public Builder localOffsetDir(Path v) {
            this.localOffsetDir = v;
            return this;
        }

        public ConsumerConfig build() {
            return new ConsumerConfig(this);
        }
    }
}
