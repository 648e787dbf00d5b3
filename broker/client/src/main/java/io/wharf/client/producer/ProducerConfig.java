package io.wharf.client.producer;

import io.wharf.client.ClientSettings;
import io.wharf.client.BrokerAddresses;

/**
 * A producer's settings, validated when built.
 *
 * <table>
 * <caption>Settings and defaults</caption>
 * <tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
 * <tr><td>group</td><td>(required)</td><td>producer group, registered with the broker by heartbeat</td></tr>
 * <tr><td>bootstrap</td><td>(required)</td><td>addresses of the broker group's nodes
 *     {@code "host:port,host:port"}; no name server: the producer finds the leader among them</td></tr>
 * <tr><td>sendTimeoutMs</td><td>3000</td><td>budget of one synchronous or asynchronous send, retries and leader
 *     changes included: a send keeps following the leader (NOT_LEADER, refused or lost connections, an
 *     election) until it runs out</td></tr>
 * <tr><td>retryTimesWhenSendFailed</td><td>2</td><td>extra attempts after a retriable failure (STORE_FAILED,
 *     SYSTEM_BUSY, or a timeout or lost connection the budget leaves time for), each to the next queue; leader
 *     changes do not count</td></tr>
 * <tr><td>maxMessageBytes</td><td>4 MiB</td><td>largest body accepted; larger ones fail with
 *     MESSAGE_TOO_LARGE before anything is sent</td></tr>
 * <tr><td>clientId</td><td>{@code host@pid#n}</td><td>this instance's id at the broker; unique per
 *     instance</td></tr>
 * <tr><td>heartbeatIntervalMs</td><td>1000</td><td>how often the producer group is re-registered (the broker
 *     forgets a client after 10 s of silence)</td></tr>
 * <tr><td>routeRefreshIntervalMs</td><td>30000</td><td>how often cached queue counts are refreshed (also
 *     refreshed after a send to the topic fails)</td></tr>
 * <tr><td>enableMsgTrace</td><td>false</td><td>write a trace record of every send to the trace topic,
 *     asynchronously (see {@code docs/trace.md})</td></tr>
 * <tr><td>traceTopic</td><td>{@code RMQ_SYS_TRACE_TOPIC}</td><td>where trace records go</td></tr>
 * </table>
 */
public final class ProducerConfig {
    private final ClientSettings settings;
    private final long sendTimeoutMs;
    private final int retryTimesWhenSendFailed;
    private final int maxMessageBytes;
    private final long routeRefreshIntervalMs;

    private ProducerConfig(Builder b) {
        this.settings = b.settings();
        this.sendTimeoutMs = positive("sendTimeoutMs", b.sendTimeoutMs);
        if (b.retryTimesWhenSendFailed < 0) {
            throw new IllegalArgumentException("retryTimesWhenSendFailed must be >= 0");
        }
        this.retryTimesWhenSendFailed = b.retryTimesWhenSendFailed;
        this.maxMessageBytes = (int) positive("maxMessageBytes", b.maxMessageBytes);
        this.routeRefreshIntervalMs = positive("routeRefreshIntervalMs", b.routeRefreshIntervalMs);
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

    public long sendTimeoutMs() {
        return sendTimeoutMs;
    }

    public int retryTimesWhenSendFailed() {
        return retryTimesWhenSendFailed;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public String clientId() {
        return settings.clientId();
    }

    public long heartbeatIntervalMs() {
        return settings.heartbeatIntervalMs();
    }

    public long routeRefreshIntervalMs() {
        return routeRefreshIntervalMs;
    }

    public boolean enableMsgTrace() {
        return settings.enableMsgTrace();
    }

    public String traceTopic() {
        return settings.traceTopic();
    }

    /** Builds a {@link ProducerConfig}; see the class comment for defaults. */
    public static final class Builder extends ClientSettings.Builder<Builder> {
        private long sendTimeoutMs = 3000;
        private int retryTimesWhenSendFailed = 2;
        private long maxMessageBytes = 4 << 20;
        private long routeRefreshIntervalMs = 30_000;

        private Builder(String group, String bootstrap) {
            super("producer group", group, bootstrap);
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder sendTimeoutMs(long v) {
            this.sendTimeoutMs = v;
            return this;
        }

        public Builder retryTimesWhenSendFailed(int v) {
            this.retryTimesWhenSendFailed = v;
            return this;
        }

        public Builder maxMessageBytes(int v) {
            this.maxMessageBytes = v;
            return this;
        }

        public Builder routeRefreshIntervalMs(long v) {
            this.routeRefreshIntervalMs = v;
            return this;
        }

        public ProducerConfig build() {
            return new ProducerConfig(this);
        }
    }
}
