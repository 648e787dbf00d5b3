package io.wharf.server.transaction;

import io.wharf.protocol.MessageFlags;
import io.wharf.protocol.PropertyNames;
import io.wharf.protocol.ReceivedMessage;
import io.wharf.server.transaction.PendingHalf.OpKind;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The system topics of transactional messages and the records written to them. A half message waits in
 * {@link #HALF_TOPIC} with its real topic and queue in properties; every end of a transaction, and every
 * check-back sent, is an op record in {@link #OP_TOPIC} naming the half's commit-log offset; a half whose checks
 * ran out is copied to {@link #DISCARD_TOPIC}. Each has one queue, 0.
 */
public final class TransactionRecords {
    /** Where half messages wait for their end (RocketMQ's name). */
    public static final String HALF_TOPIC = io.wharf.protocol.SystemTopics.HALF_TOPIC;
    /** Op records: what became of each half (RocketMQ's name). */
    public static final String OP_TOPIC = io.wharf.protocol.SystemTopics.OP_TOPIC;
    /** Halves whose check-backs ran out (RocketMQ's name). */
    public static final String DISCARD_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /** On an op record: the commit-log offset of the half it is about. */
    static final String HALF_OFFSET = "TRAN_HALF_OFFSET";
    /** On an op record: its {@link OpKind}. */
    static final String OP = "TRAN_OP";

    private static final byte[] EMPTY = new byte[0];

    private TransactionRecords() {
    }

    /** The half for a validated message bound for {@code content}'s topic and queue. */
    static RecordContent half(RecordContent content, String group) {
        Map<String, String> props = new LinkedHashMap<>(content.properties());
        props.put(PropertyNames.REAL_TOPIC, content.topic());
        props.put(PropertyNames.REAL_QID, Integer.toString(content.queueId()));
        props.put(PropertyNames.TRAN_MSG, "true");
        props.put(PropertyNames.PGROUP, group);
        return new RecordContent(HALF_TOPIC, 0, content.flags() | MessageFlags.TRANSACTION_PREPARED,
            content.bornTimestampMs(), content.bornHost(), 0, 0L, props, content.body());
    }

    /** The committed message: the half back in its real topic and queue, naming the half it ends. */
    static RecordContent committed(DecodedRecord half) {
        Map<String, String> props = new LinkedHashMap<>(half.properties());
        String topic = props.remove(PropertyNames.REAL_TOPIC);
        int queueId = Integer.parseInt(props.remove(PropertyNames.REAL_QID));
        props.remove(PropertyNames.TRANSACTION_CHECK_TIMES);
        return new RecordContent(topic, queueId, half.flags() & ~MessageFlags.TRANSACTION_PREPARED,
            half.bornTimestampMs(), half.bornHost(), 0, half.physicalOffset(), props, half.body());
    }

    /** The half's copy in the discard topic, with how often it was checked. */
    static RecordContent discarded(DecodedRecord half, int checkTimes) {
        Map<String, String> props = new LinkedHashMap<>(half.properties());
        props.put(PropertyNames.TRANSACTION_CHECK_TIMES, Integer.toString(checkTimes));
        return new RecordContent(DISCARD_TOPIC, 0, half.flags(), half.bornTimestampMs(), half.bornHost(), 0,
            half.physicalOffset(), props, half.body());
    }

    static RecordContent op(long halfOffset, OpKind kind) {
        return new RecordContent(OP_TOPIC, 0, 0, 0L, "", 0, halfOffset,
            Map.of(HALF_OFFSET, Long.toString(halfOffset), OP, kind.name()), EMPTY);
    }

    /** The op record's kind, or null when the record is not an op record. */
    static OpKind opKind(DecodedRecord record) {
        String kind = record.properties().get(OP);
        return record.topic().equals(OP_TOPIC) && kind != null ? OpKind.valueOf(kind) : null;
    }

    static long opHalfOffset(DecodedRecord op) {
        return Long.parseLong(op.properties().get(HALF_OFFSET));
    }

    static boolean isHalf(DecodedRecord record) {
        return record != null && record.topic().equals(HALF_TOPIC);
    }

    /** The half as its producer sent it, for a check-back: real topic and queue, the check count so far. */
    static ReceivedMessage checkView(DecodedRecord half, int checkTimes) {
        Map<String, String> props = new LinkedHashMap<>(half.properties());
        String topic = props.remove(PropertyNames.REAL_TOPIC);
        int queueId = Integer.parseInt(props.remove(PropertyNames.REAL_QID));
        props.put(PropertyNames.TRANSACTION_CHECK_TIMES, Integer.toString(checkTimes));
        return new ReceivedMessage(topic, queueId, half.queueOffset(), half.physicalOffset(), half.bornTimestampMs(),
            half.storeTimestampMs(), half.bornHost(), 0, half.flags(), props, half.body());
    }
}
