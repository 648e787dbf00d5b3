package io.wharf.store.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The one owner of the commit-log record format. The encoder, the recovery scan and the decoder all go through
 * this class, so the layout is spelled out exactly once.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                      total length (bytes)                     |  0
 * |                 magic: 'W' 'H' 'R' version                    |  4
 * |             CRC32C of bytes [FLAGS_OFFSET, length)            |  8
 * |                             flags                             | 12
 * |                        log index (int64)                      | 16
 * |                        term (int64)                           | 24
 * |                   physical offset (int64)                     | 32
 * |                     queue offset (int64)                      | 40
 * |                 born timestamp, ms (int64)                    | 48
 * |                 store timestamp, ms (int64)                   | 56
 * |             prepared transaction offset (int64)               | 64
 * |                           queue id                            | 72
 * |                        reconsume count                        | 76
 * |                         body length                           | 80
 * |      topic length (uint16)    |    born host length (uint16)  | 84
 * |                      properties length                        | 88
 * +---------------------------------------------------------------+
 * | topic (UTF-8) | born host (UTF-8) | properties | body          | 92
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The end of a segment that cannot hold the next record is filled by an end-of-segment marker: a record
 * header holding only the length (the rest of the segment) and {@link #END_OF_SEGMENT_MAGIC}. A record never
 * spans two segments. The log index, term, physical offset, queue offset and store timestamp are stamped when
 * the record is placed in the log; the CRC covers everything after the CRC field, so it is computed last.
 */
public final class RecordLayout {
    public static final int LENGTH_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int CRC_OFFSET = 8;
    public static final int FLAGS_OFFSET = 12;
    public static final int LOG_INDEX_OFFSET = 16;
    public static final int TERM_OFFSET = 24;
    public static final int PHYSICAL_OFFSET_OFFSET = 32;
    public static final int QUEUE_OFFSET_OFFSET = 40;
    public static final int BORN_TIMESTAMP_OFFSET = 48;
    public static final int STORE_TIMESTAMP_OFFSET = 56;
    public static final int PREPARED_TX_OFFSET_OFFSET = 64;
    public static final int QUEUE_ID_OFFSET = 72;
    public static final int RECONSUME_COUNT_OFFSET = 76;
    public static final int BODY_LENGTH_OFFSET = 80;
    public static final int TOPIC_LENGTH_OFFSET = 84;
    public static final int BORN_HOST_LENGTH_OFFSET = 86;
    public static final int PROPERTIES_LENGTH_OFFSET = 88;
    public static final int HEADER_LENGTH = 92;

    /** 'W' 'H' 'R' and format version 1. */
    public static final int RECORD_MAGIC = 0x57485201;
    /** 'W' 'H' 'R' and 0xEE: the rest of this segment is padding. */
    public static final int END_OF_SEGMENT_MAGIC = 0x574852EE;
    /** Length plus magic: the smallest end-of-segment marker, which every segment keeps room for. */
    public static final int END_OF_SEGMENT_MIN_LENGTH = 8;

    public static final int MAX_TOPIC_LENGTH = 255;
    public static final int MAX_BORN_HOST_LENGTH = 255;

    private RecordLayout() {
    }

    /** Encoded size of a record with these variable parts. */
    public static int recordLength(int topicBytes, int bornHostBytes, int propertiesBytes, int bodyBytes) {
        return HEADER_LENGTH + topicBytes + bornHostBytes + propertiesBytes + bodyBytes;
    }

    /**
     * Writes a whole record at the buffer's position (which is advanced) with the position-dependent fields
     * zero; {@link #stamp} and {@link #seal} complete it once its place in the log is known.
     */
    public static void encode(ByteBuffer dst, RecordContent content) {
        byte[] topic = content.topic().getBytes(StandardCharsets.UTF_8);
        byte[] host = content.bornHost().getBytes(StandardCharsets.UTF_8);
        if (topic.length == 0 || topic.length > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic must be 1.." + MAX_TOPIC_LENGTH + " UTF-8 bytes");
        }
        if (host.length > MAX_BORN_HOST_LENGTH) {
            throw new IllegalArgumentException("born host must be at most " + MAX_BORN_HOST_LENGTH + " bytes");
        }
        int propertiesLength = PropertiesCodec.encodedLength(content.properties());
        byte[] body = content.body();
        int length = recordLength(topic.length, host.length, propertiesLength, body.length);
        int base = dst.position();
        dst.putInt(base + LENGTH_OFFSET, length)
            .putInt(base + MAGIC_OFFSET, RECORD_MAGIC)
            .putInt(base + CRC_OFFSET, 0)
            .putInt(base + FLAGS_OFFSET, content.flags())
            .putLong(base + LOG_INDEX_OFFSET, 0L)
            .putLong(base + TERM_OFFSET, 0L)
            .putLong(base + PHYSICAL_OFFSET_OFFSET, 0L)
            .putLong(base + QUEUE_OFFSET_OFFSET, 0L)
            .putLong(base + BORN_TIMESTAMP_OFFSET, content.bornTimestampMs())
            .putLong(base + STORE_TIMESTAMP_OFFSET, 0L)
            .putLong(base + PREPARED_TX_OFFSET_OFFSET, content.preparedTransactionOffset())
            .putInt(base + QUEUE_ID_OFFSET, content.queueId())
            .putInt(base + RECONSUME_COUNT_OFFSET, content.reconsumeCount())
            .putInt(base + BODY_LENGTH_OFFSET, body.length)
            .putShort(base + TOPIC_LENGTH_OFFSET, (short) topic.length)
            .putShort(base + BORN_HOST_LENGTH_OFFSET, (short) host.length)
            .putInt(base + PROPERTIES_LENGTH_OFFSET, propertiesLength);
        dst.position(base + HEADER_LENGTH);
        dst.put(topic).put(host);
        PropertiesCodec.encode(content.properties(), dst);
        dst.put(body);
    }

    /** Fills in the fields that depend on where the record lands in the log. */
    public static void stamp(ByteBuffer buf, int base, long logIndex, long term, long physicalOffset,
                             long queueOffset, long storeTimestampMs) {
        buf.putLong(base + LOG_INDEX_OFFSET, logIndex)
            .putLong(base + TERM_OFFSET, term)
            .putLong(base + PHYSICAL_OFFSET_OFFSET, physicalOffset)
            .putLong(base + QUEUE_OFFSET_OFFSET, queueOffset)
            .putLong(base + STORE_TIMESTAMP_OFFSET, storeTimestampMs);
    }

    /** Computes and writes the CRC; the record is complete afterwards. */
    public static void seal(ByteBuffer buf, int base) {
        buf.putInt(base + CRC_OFFSET, computeCrc(buf, base, buf.getInt(base + LENGTH_OFFSET)));
    }

    public static int computeCrc(ByteBuffer buf, int base, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf.slice(base + FLAGS_OFFSET, length - FLAGS_OFFSET));
        return (int) crc.getValue();
    }

    /** Writes an end-of-segment marker filling {@code length} bytes from {@code base}. */
    public static void writeEndOfSegment(ByteBuffer buf, int base, int length) {
        buf.putInt(base + LENGTH_OFFSET, length).putInt(base + MAGIC_OFFSET, END_OF_SEGMENT_MAGIC);
    }

    /**
     * Checks the record at {@code base} without trusting any of it: the length must fit the buffer, the
     * magic must be known and the CRC must match.
     */
    public static RecordCheck check(ByteBuffer buf, int base) {
        int remaining = buf.limit() - base;
        if (remaining < END_OF_SEGMENT_MIN_LENGTH) {
            return RecordCheck.TRUNCATED;
        }
        int length = buf.getInt(base + LENGTH_OFFSET);
        int magic = buf.getInt(base + MAGIC_OFFSET);
        if (length == 0 && magic == 0) {
            return RecordCheck.END_OF_DATA;
        }
        if (magic == END_OF_SEGMENT_MAGIC) {
            return length == remaining ? RecordCheck.END_OF_SEGMENT : RecordCheck.CORRUPT;
        }
        if (magic != RECORD_MAGIC || length < HEADER_LENGTH) {
            return RecordCheck.CORRUPT;
        }
        // A header whose lengths contradict each other is corrupt whatever follows it; only a consistent
        // header whose record is cut short by the end of the buffer is truncated.
        if (remaining >= HEADER_LENGTH && !variableLengthsMatch(buf, base, length)) {
            return RecordCheck.CORRUPT;
        }
        if (length > remaining) {
            return RecordCheck.TRUNCATED;
        }
        return buf.getInt(base + CRC_OFFSET) == computeCrc(buf, base, length) ? RecordCheck.VALID : RecordCheck.CORRUPT;
    }

    private static boolean variableLengthsMatch(ByteBuffer buf, int base, int length) {
        long sum = (long) HEADER_LENGTH
            + Short.toUnsignedInt(buf.getShort(base + TOPIC_LENGTH_OFFSET))
            + Short.toUnsignedInt(buf.getShort(base + BORN_HOST_LENGTH_OFFSET))
            + Integer.toUnsignedLong(buf.getInt(base + PROPERTIES_LENGTH_OFFSET))
            + Integer.toUnsignedLong(buf.getInt(base + BODY_LENGTH_OFFSET));
        return sum == length;
    }

    public static int length(ByteBuffer buf, int base) {
        return buf.getInt(base + LENGTH_OFFSET);
    }

    public static long logIndex(ByteBuffer buf, int base) {
        return buf.getLong(base + LOG_INDEX_OFFSET);
    }

    public static long term(ByteBuffer buf, int base) {
        return buf.getLong(base + TERM_OFFSET);
    }

    public static long physicalOffset(ByteBuffer buf, int base) {
        return buf.getLong(base + PHYSICAL_OFFSET_OFFSET);
    }

    public static long queueOffset(ByteBuffer buf, int base) {
        return buf.getLong(base + QUEUE_OFFSET_OFFSET);
    }

    public static int queueId(ByteBuffer buf, int base) {
        return buf.getInt(base + QUEUE_ID_OFFSET);
    }

    public static long storeTimestamp(ByteBuffer buf, int base) {
        return buf.getLong(base + STORE_TIMESTAMP_OFFSET);
    }

    public static String topic(ByteBuffer buf, int base) {
        int len = Short.toUnsignedInt(buf.getShort(base + TOPIC_LENGTH_OFFSET));
        return utf8(buf, base + HEADER_LENGTH, len);
    }

    private static int propertiesStart(ByteBuffer buf, int base) {
        return base + HEADER_LENGTH + Short.toUnsignedInt(buf.getShort(base + TOPIC_LENGTH_OFFSET))
            + Short.toUnsignedInt(buf.getShort(base + BORN_HOST_LENGTH_OFFSET));
    }

    public static Map<String, String> properties(ByteBuffer buf, int base) {
        int start = propertiesStart(buf, base);
        return PropertiesCodec.decode(buf.slice(start, buf.getInt(base + PROPERTIES_LENGTH_OFFSET)));
    }

    /** Decodes every field into an immutable value; the body is copied out of the buffer. */
    public static DecodedRecord decode(ByteBuffer buf, int base) {
        int topicLen = Short.toUnsignedInt(buf.getShort(base + TOPIC_LENGTH_OFFSET));
        int hostLen = Short.toUnsignedInt(buf.getShort(base + BORN_HOST_LENGTH_OFFSET));
        int propsLen = buf.getInt(base + PROPERTIES_LENGTH_OFFSET);
        int bodyLen = buf.getInt(base + BODY_LENGTH_OFFSET);
        int topicStart = base + HEADER_LENGTH;
        int propsStart = topicStart + topicLen + hostLen;
        byte[] body = new byte[bodyLen];
        buf.get(propsStart + propsLen, body);
        return new DecodedRecord(
            buf.getInt(base + FLAGS_OFFSET),
            buf.getLong(base + LOG_INDEX_OFFSET),
            buf.getLong(base + TERM_OFFSET),
            buf.getLong(base + PHYSICAL_OFFSET_OFFSET),
            buf.getLong(base + QUEUE_OFFSET_OFFSET),
            buf.getLong(base + BORN_TIMESTAMP_OFFSET),
            buf.getLong(base + STORE_TIMESTAMP_OFFSET),
            buf.getLong(base + PREPARED_TX_OFFSET_OFFSET),
            buf.getInt(base + QUEUE_ID_OFFSET),
            buf.getInt(base + RECONSUME_COUNT_OFFSET),
            utf8(buf, topicStart, topicLen),
            utf8(buf, topicStart + topicLen, hostLen),
            PropertiesCodec.decode(buf.slice(propsStart, propsLen)),
            body);
    }

    private static String utf8(ByteBuffer buf, int at, int len) {
        byte[] bytes = new byte[len];
        buf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
