package io.wharf.client;

import io.wharf.protocol.PropertyNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A message to send: topic, optional tag (for broker-side filtering), optional business keys (indexed, to find a
 * message later, e.g. by order id), user properties and the body. Immutable; build one with
 * {@link #builder(String)}. The producer adds the unique message id ({@link PropertyNames#UNIQ_KEY}) when it
 * sends.
 */
public final class Message {
    private static final Set<String> RESERVED = Set.of(PropertyNames.TAGS, PropertyNames.KEYS,
        PropertyNames.UNIQ_KEY);

    private final String topic;
    private final String tags;
    private final List<String> keys;
    private final Map<String, String> properties;
    private final byte[] body;

    private Message(Builder b) {
        this.topic = b.topic;
        this.tags = b.tags;
        this.keys = List.copyOf(b.keys);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.body = b.body;
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** A message with just a topic and a body. */
    public static Message of(String topic, byte[] body) {
        return builder(topic).body(body).build();
    }

    public String topic() {
        return topic;
    }

    /** The tag, or null. */
    public String tags() {
        return tags;
    }

    /** Business keys (may be empty). */
    public List<String> keys() {
        return keys;
    }

    /** User properties; the reserved ones (tags, keys, unique id) are not among them. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The body; do not modify the array. */
    public byte[] body() {
        return body;
    }

    /** Whether {@code name} is reserved for the client and broker (tags, keys, unique id). */
    public static boolean isReservedProperty(String name) {
        return RESERVED.contains(name);
    }

    @Override
    public String toString() {
        return "Message[topic=" + topic + ", tags=" + tags + ", keys=" + keys + ", properties=" + properties
            + ", body=" + body.length + " bytes]";
    }

    /** Builds a {@link Message}; topic and body are required. */
    public static final class Builder {
        private final String topic;
        private String tags;
        private List<String> keys = List.of();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private byte[] body;

        private Builder(String topic) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic must not be blank");
            }
            this.topic = topic;
        }

        /** One tag (RocketMQ's "tags" is a single tag); it must not contain "||". */
        public Builder tags(String tag) {
            if (tag != null && (tag.isBlank() || tag.contains("||"))) {
                throw new IllegalArgumentException("a tag must be non-blank and must not contain '||': " + tag);
            }
            this.tags = tag;
            return this;
        }

        /** Business keys; each must be non-blank and free of spaces (they are sent space-separated). */
        public Builder keys(String... keys) {
            for (String k : keys) {
                if (k == null || k.isBlank() || k.contains(" ")) {
                    throw new IllegalArgumentException("a key must be non-blank and contain no spaces: '" + k + "'");
                }
            }
            this.keys = List.of(keys);
            return this;
        }

        /** A user property; reserved names ({@link #isReservedProperty}) are refused. */
        public Builder property(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (isReservedProperty(name)) {
                throw new IllegalArgumentException(name + " is a reserved property; use the builder's own method");
            }
            properties.put(name, value);
            return this;
        }

        /**
         * Delivers the message only after the broker's delay level {@code level} (1-based; the default table is
         * {@code 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h}, level 16 = 30 minutes).
         */
        public Builder delayLevel(int level) {
            if (level < 1) {
                throw new IllegalArgumentException("a delay level is 1 or more, got " + level);
            }
            properties.remove(PropertyNames.TIMER_DELIVER_MS);
            properties.put(PropertyNames.DELAY, Integer.toString(level));
            return this;
        }

        /** Delivers the message at {@code epochMs} (within the broker's horizon, 7 days by default). */
        public Builder deliverAt(long epochMs) {
            properties.remove(PropertyNames.DELAY);
            properties.put(PropertyNames.TIMER_DELIVER_MS, Long.toString(epochMs));
            return this;
        }

        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        public Message build() {
            if (body == null) {
                throw new IllegalStateException("a message needs a body");
            }
            return new Message(this);
        }
    }
}
