package io.wharf.micronaut;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message to publish: topic, optional tag and key, a payload (encoded as JSON with micronaut-serde, or sent as
 * is when it is {@code byte[]}), user properties, and at most one of: an order key (messages with the same order
 * key go to the same queue, in publish order), a delay level, a deliver-at time.
 *
 * <pre>{@code
 * OutgoingMessage.to("order-events").tag("OrderPlaced").key(orderId).payload(event).orderKey(orderId).build()
 * }</pre>
 *
 * @param topic      the topic
 * @param tag        the tag, or null
 * @param key        the business key (indexed by the broker), or null
 * @param payload    the payload
 * @param properties user properties (for SQL92 filters)
 * @param orderKey   the key that picks the queue for ordered messages, or null
 * @param delayLevel the broker's delay level (1-based), or 0 for none
 * @param deliverAt  when to deliver, or null
 */
public record OutgoingMessage(String topic, String tag, String key, Object payload, Map<String, String> properties,
                              String orderKey, int delayLevel, Instant deliverAt) {
    public OutgoingMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        properties = Map.copyOf(properties);
        int timing = (orderKey != null ? 1 : 0) + (delayLevel > 0 ? 1 : 0) + (deliverAt != null ? 1 : 0);
        if (timing > 1) {
            throw new IllegalArgumentException("a message has at most one of orderKey, delayLevel and deliverAt");
        }
        if (delayLevel < 0) {
            throw new IllegalArgumentException("delayLevel must be >= 0, got " + delayLevel);
        }
    }

    public static Builder to(String topic) {
        return new Builder(topic);
    }

    /** Builds an {@link OutgoingMessage}. */
    public static final class Builder {
        private final String topic;
        private String tag;
        private String key;
        private Object payload;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String orderKey;
        private int delayLevel;
        private Instant deliverAt;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder tag(String v) {
            this.tag = v;
            return this;
        }

        public Builder key(String v) {
            this.key = v;
            return this;
        }

        public Builder payload(Object v) {
            this.payload = v;
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Messages with the same order key go to one queue and are consumed in publish order. */
        public Builder orderKey(String v) {
            this.orderKey = v;
            return this;
        }

        /** Delivered after the broker's delay level {@code level} (1-based; e.g. 16 = 30 min by default). */
        public Builder delayLevel(int level) {
            this.delayLevel = level;
            return this;
        }

        /** Delivered at {@code time} (the broker's timer; precise to its tick). */
        public Builder deliverAt(Instant time) {
            this.deliverAt = time;
            return this;
        }

        public OutgoingMessage build() {
            return new OutgoingMessage(topic, tag, key, payload, properties, orderKey, delayLevel, deliverAt);
        }
    }
}
