package io.wharf.client;

import io.wharf.protocol.SystemTopics;
import io.wharf.protocol.auth.Credentials;
import java.util.Objects;

/**
 * The settings every producer and consumer has, whatever it does: its group, the broker group's addresses, its
 * client id, its heartbeat interval and message trace. {@code ProducerConfig} and {@code ConsumerConfig} are
 * built on it; their builders extend {@link Builder}, so each default lives here once (the {@code DEFAULT_*}
 * constants, for a configuration layer that only passes on what the user set).
 */
public final class ClientSettings {
    /** How often a member re-registers with the broker (which forgets a client after 10 s of silence). */
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;
    /** Where trace records go unless configured otherwise. */
    public static final String DEFAULT_TRACE_TOPIC = SystemTopics.TRACE_TOPIC;

    private final String group;
    private final BrokerAddresses bootstrap;
    private final String clientId;
    private final long heartbeatIntervalMs;
    private final boolean enableMsgTrace;
    private final String traceTopic;
    private final Credentials credentials;
    private final ClientTls tls;

    private ClientSettings(Builder<?> b) {
        this.credentials = b.credentials;
        this.tls = b.tls;
        this.group = b.group;
        this.bootstrap = BrokerAddresses.parse(b.bootstrap);
        this.clientId = b.clientId != null ? b.clientId : ClientIds.next();
        if (b.heartbeatIntervalMs <= 0) {
            throw new IllegalArgumentException("heartbeatIntervalMs must be > 0, got " + b.heartbeatIntervalMs);
        }
        this.heartbeatIntervalMs = b.heartbeatIntervalMs;
        this.enableMsgTrace = b.enableMsgTrace;
        this.traceTopic = Objects.requireNonNull(b.traceTopic, "traceTopic");
    }

    public String group() {
        return group;
    }

    public BrokerAddresses bootstrap() {
        return bootstrap;
    }

    public String clientId() {
        return clientId;
    }

    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    public boolean enableMsgTrace() {
        return enableMsgTrace;
    }

    public String traceTopic() {
        return traceTopic;
    }

    /** TLS of a producer or consumer with its own connections, or null (plaintext). */
    public ClientTls tls() {
        return tls;
    }

    /** The account a producer or consumer with its own connections authenticates as, or null. */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * The common part of the producer and consumer builders.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String group;
        private final String bootstrap;
        private String clientId;
        private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        private boolean enableMsgTrace;
        private String traceTopic = DEFAULT_TRACE_TOPIC;
        private Credentials credentials;
        private ClientTls tls;

        /** Checks the group ({@code what} names it in the error) and the bootstrap list's presence. */
        protected Builder(String what, String group, String bootstrap) {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            this.group = group;
            this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        }

        /** This builder as its concrete type. */
        protected abstract B self();

        /** This member's id at the broker; unique per instance (default {@code host@pid#n}). */
        public B clientId(String v) {
            this.clientId = v;
            return self();
        }

        public B heartbeatIntervalMs(long v) {
            this.heartbeatIntervalMs = v;
            return self();
        }

        public B enableMsgTrace(boolean v) {
            this.enableMsgTrace = v;
            return self();
        }

        public B traceTopic(String v) {
            this.traceTopic = v;
            return self();
        }

        /**
         * The account to authenticate as when this producer or consumer has its own connections (one made on a
         * {@code WharfClient} uses the client's credentials).
         */
        public B credentials(String accessKey, String secretKey) {
            this.credentials = new Credentials(accessKey, secretKey);
            return self();
        }

        /** TLS when this producer or consumer has its own connections (one on a {@code WharfClient} uses its). */
        public B tls(ClientTls v) {
            this.tls = v;
            return self();
        }

        /** The common settings, validated. */
        public ClientSettings settings() {
            return new ClientSettings(this);
        }
    }
}
