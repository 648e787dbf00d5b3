package io.wharf.micronaut;

import java.util.List;
import java.util.Map;

/**
 * What a listener may know about a message besides its payload; declare a parameter of this type to get it.
 *
 * @param messageId      the producer-assigned id, stable across retries and re-deliveries (for de-duplication)
 * @param topic          the topic it was sent to (also for a retried message)
 * @param tag            its tag, or null
 * @param keys           its business keys (by convention the first is the aggregate id)
 * @param reconsumeTimes how often it was delivered before and failed (0 on first delivery)
 * @param queueId        the queue it came from
 * @param queueOffset    its offset in that queue
 * @param bornTimestampMs when the producer created it (epoch millis)
 * @param properties     its user properties (system properties are hidden)
 */
public record MessageMetadata(String messageId, String topic, String tag, List<String> keys, int reconsumeTimes,
                              int queueId, long queueOffset, long bornTimestampMs, Map<String, String> properties) {
    public MessageMetadata {
        keys = List.copyOf(keys);
        properties = Map.copyOf(properties);
    }

    /** The first key, or null when it has none. */
    public String key() {
        return keys.isEmpty() ? null : keys.getFirst();
    }
}
