package io.wharf.store.crash;

import io.wharf.store.MessageProperties;
import io.wharf.store.format.RecordContent;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * The records {@link CrashingAppender} writes: a body naming its run, writer and sequence number, random
 * padding of random length, and a checksum over all of it, so a torn or mixed-up body is caught on read.
 *
 * <pre>
 * | magic (i32) | run (i32) | writer (i32) | seq (i32) | padding length (i32) | padding | CRC32C of the rest (i32) |
 * </pre>
 */
public record CrashRecord(int run, int writer, int seq) {
    public static final String TOPIC = "crash";
    private static final int MAGIC = 0xC4A5_0001;
    private static final int FIXED = 6 * Integer.BYTES;

    /** A record for queue {@code writer}, keyed by run, writer and sequence, with padding drawn from {@code random}. */
    public RecordContent content(Random random) {
        int padding = random.nextInt(25) == 0 ? 20_000 + random.nextInt(130_000) : random.nextInt(3_000);
        ByteBuffer body = ByteBuffer.allocate(FIXED + padding);
        body.putInt(MAGIC).putInt(run).putInt(writer).putInt(seq).putInt(padding);
        byte[] pad = new byte[padding];
        random.nextBytes(pad);
        body.put(pad);
        body.putInt(crc(body.array(), body.position()));
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageProperties.TAGS, "w" + writer);
        props.put(MessageProperties.KEYS, key());
        return RecordContent.of(TOPIC, writer, props, body.array());
    }

    public String key() {
        return "r" + run + "-w" + writer + "-s" + seq;
    }

    /** Reads a body back; a bad magic, length or checksum raises {@link IllegalArgumentException}. */
    public static CrashRecord parse(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        if (body.length < FIXED || in.getInt(0) != MAGIC || in.getInt(16) != body.length - FIXED) {
            throw new IllegalArgumentException("not a crash-test body (" + body.length + " bytes)");
        }
        if (in.getInt(body.length - 4) != crc(body, body.length - 4)) {
            throw new IllegalArgumentException("crash-test body checksum mismatch");
        }
        return new CrashRecord(in.getInt(4), in.getInt(8), in.getInt(12));
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
