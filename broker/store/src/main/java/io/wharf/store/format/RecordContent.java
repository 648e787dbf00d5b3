package io.wharf.store.format;

import java.util.Map;
import java.util.Objects;

/**
 * What a producer supplies for one record: everything except the fields the log stamps when it places the
 * record (log index, term, physical offset, queue offset, store timestamp).
 *
 * @param topic                     the topic name, 1 to 255 UTF-8 bytes
 * @param queueId                   the queue within the topic
 * @param flags                     opaque flags owned by the broker (transaction type, compression, ...)
 * @param bornTimestampMs           when the producer created the message
 * @param bornHost                  the producer's address, as text
 * @param reconsumeCount            how many times the message was consumed and sent back
 * @param preparedTransactionOffset the half message this record ends, or 0
 * @param properties                keys, tags, unique key and user properties
 * @param body                      the payload
 */
public record RecordContent(String topic, int queueId, int flags, long bornTimestampMs, String bornHost,
                            int reconsumeCount, long preparedTransactionOffset, Map<String, String> properties,
                            byte[] body) {
    public RecordContent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(bornHost, "bornHost");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(body, "body");
        if (queueId < 0) {
            throw new IllegalArgumentException("queueId must be >= 0");
        }
    }

    /** A record with only a topic, queue, properties and body; the other fields are zero or empty. */
    public static RecordContent of(String topic, int queueId, Map<String, String> properties, byte[] body) {
        return new RecordContent(topic, queueId, 0, 0L, "", 0, 0L, properties, body);
    }

    public String property(String name) {
        return properties.get(name);
    }
}
