package io.wharf.store.format;

import java.util.Map;

/** Every field of one commit-log record, decoded by {@link RecordLayout#decode}. */
public record DecodedRecord(int flags, long logIndex, long term, long physicalOffset, long queueOffset,
                            long bornTimestampMs, long storeTimestampMs, long preparedTransactionOffset,
                            int queueId, int reconsumeCount, String topic, String bornHost,
                            Map<String, String> properties, byte[] body) {

    public String property(String name) {
        return properties.get(name);
    }

    /** The content as it was appended, without the fields the log stamped. */
    public RecordContent content() {
        return new RecordContent(topic, queueId, flags, bornTimestampMs, bornHost, reconsumeCount,
            preparedTransactionOffset, properties, body);
    }
}
