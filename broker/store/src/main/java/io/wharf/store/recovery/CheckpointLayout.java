package io.wharf.store.recovery;

import io.wharf.store.log.LogPosition;
import io.wharf.store.queue.QueueKey;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The checkpoint file: how far the commit log is durable, how far its derived state (consume queues, key
 * index, log-index map) is durable, the commit watermark, and each queue's next offset at that point.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                  magic 'W' 'H' 'C' version                    |  0
 * |     flushed position: offset, index, term (3 x int64)         |  4
 * |    dispatched position: offset, index, term (3 x int64)       | 28
 * |                 commit watermark (int64)                      | 52
 * |                   written at, ms (int64)                      | 60
 * |                       queue count                             | 68
 * +---------------------------------------------------------------+
 * | per queue: topic length (u16), topic, queue id (i32), next offset (i64)
 * +---------------------------------------------------------------+
 * |                 CRC32C of everything before it                |
 * +---------------------------------------------------------------+
 * </pre>
 */
public final class CheckpointLayout {
    public static final int MAGIC = 0x57484301;
    public static final int MAGIC_OFFSET = 0;
    public static final int FLUSHED_OFFSET = 4;
    public static final int DISPATCHED_OFFSET = 28;
    public static final int WATERMARK_OFFSET = 52;
    public static final int WRITTEN_AT_OFFSET = 60;
    public static final int QUEUE_COUNT_OFFSET = 68;
    public static final int FIXED_LENGTH = 72;

    private CheckpointLayout() {
    }

    public static ByteBuffer encode(Checkpoint c) {
        int length = FIXED_LENGTH + 4;
        for (QueueKey k : c.queueOffsets().keySet()) {
            length += 2 + k.topic().getBytes(StandardCharsets.UTF_8).length + 4 + 8;
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        buf.putInt(MAGIC);
        putPosition(buf, c.flushed());
        putPosition(buf, c.dispatched());
        buf.putLong(c.commitWatermark()).putLong(c.writtenAtMs()).putInt(c.queueOffsets().size());
        for (Map.Entry<QueueKey, Long> e : c.queueOffsets().entrySet()) {
            byte[] topic = e.getKey().topic().getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) topic.length).put(topic).putInt(e.getKey().queueId()).putLong(e.getValue());
        }
        buf.putInt(crc(buf.array(), buf.position()));
        return buf.flip();
    }

    /** Decodes a checkpoint; a short, foreign or corrupt file raises {@link IllegalArgumentException}. */
    public static Checkpoint decode(ByteBuffer buf) {
        if (buf.remaining() < FIXED_LENGTH + 4) {
            throw new IllegalArgumentException("checkpoint too short");
        }
        byte[] all = new byte[buf.remaining()];
        buf.get(all);
        ByteBuffer in = ByteBuffer.wrap(all);
        if (in.getInt(all.length - 4) != crc(all, all.length - 4)) {
            throw new IllegalArgumentException("checkpoint CRC mismatch");
        }
        if (in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a checkpoint file");
        }
        LogPosition flushed = getPosition(in);
        LogPosition dispatched = getPosition(in);
        long watermark = in.getLong();
        long writtenAt = in.getLong();
        int count = in.getInt();
        Map<QueueKey, Long> queues = new LinkedHashMap<>();
        try {
            for (int i = 0; i < count; i++) {
                byte[] topic = new byte[Short.toUnsignedInt(in.getShort())];
                in.get(topic);
                queues.put(new QueueKey(new String(topic, StandardCharsets.UTF_8), in.getInt()), in.getLong());
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("checkpoint queue table overruns the file (" + count + " queues)");
        }
        return new Checkpoint(flushed, dispatched, watermark, writtenAt, queues);
    }

    private static void putPosition(ByteBuffer buf, LogPosition p) {
        buf.putLong(p.offset()).putLong(p.index()).putLong(p.term());
    }

    private static LogPosition getPosition(ByteBuffer buf) {
        return new LogPosition(buf.getLong(), buf.getLong(), buf.getLong());
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
