package io.wharf.benchmarks;

import io.wharf.store.MessageProperties;
import io.wharf.store.format.RecordContent;
import io.wharf.store.format.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * The record every benchmark writes: a 1 KiB body with a tag, a business key and a unique key, as a producer
 * of order events would send it. One place, so the JMH benchmarks and the load tool measure the same bytes.
 */
public final class BenchmarkRecords {
    public static final String TOPIC = "bench-orders";
    public static final int BODY_BYTES = 1024;

    private BenchmarkRecords() {
    }

    /** A record of {@code bodyBytes} for queue {@code queueId}; {@code keySuffix} makes its keys distinct. */
    public static RecordContent content(int queueId, int bodyBytes, String keySuffix) {
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        Map<String, String> properties = Map.of(
            MessageProperties.TAGS, "TagA",
            MessageProperties.KEYS, "order-" + keySuffix,
            MessageProperties.UNIQ_KEY, "7F0000010001000000000000" + keySuffix);
        return new RecordContent(TOPIC, queueId, 0, 1_700_000_000_000L, "10.0.0.1:50000", 0, 0L, properties,
            body);
    }

    /** The encoded length of {@code content} in the commit log. */
    public static int encodedLength(RecordContent content) {
        ByteBuffer buf = ByteBuffer.allocate(RecordLayout.HEADER_LENGTH + 4 * content.body().length + 4096);
        RecordLayout.encode(buf, content);
        return buf.position();
    }
}
