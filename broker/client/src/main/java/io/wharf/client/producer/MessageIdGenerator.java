package io.wharf.client.producer;

import io.wharf.protocol.MessageIds;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Generates the unique message ids producers put in {@code UNIQ_KEY}: 32 hex digits over 16 bytes.
 *
 * <pre>
 *  bytes 0..5    6 bytes   this JVM's prefix: low 16 bits of the pid, then 32 random bits
 *  bytes 6..11   6 bytes   milliseconds since the epoch when the id was made
 *  bytes 12..15  4 bytes   a counter, incremented for every id of this JVM
 * </pre>
 *
 * Within a JVM two ids could only collide if 2^32 ids were made in one millisecond; across JVMs the 48-bit
 * prefix (random, plus the pid) makes a collision vanishingly unlikely. Ids of one JVM share their first 12
 * digits, which helps when searching logs.
 */
public final class MessageIdGenerator {
    private static final MessageIdGenerator DEFAULT = new MessageIdGenerator(
        ((ProcessHandle.current().pid() & 0xFFFFL) << 32) | (new SecureRandom().nextInt() & 0xFFFFFFFFL),
        System::currentTimeMillis);

    private final long prefix;
    private final LongSupplier millisClock;
    private final AtomicInteger counter = new AtomicInteger();

    MessageIdGenerator(long prefix48, LongSupplier millisClock) {
        this.prefix = prefix48;
        this.millisClock = millisClock;
    }

    /** The generator shared by every producer of this JVM. */
    public static MessageIdGenerator shared() {
        return DEFAULT;
    }

    /** A new unique id. */
    public String next() {
        byte[] b = new byte[16];
        put(b, 0, prefix, 6);
        put(b, 6, millisClock.getAsLong(), 6);
        put(b, 12, counter.getAndIncrement(), 4);
        return MessageIds.uniqueId(b);
    }

    private static void put(byte[] b, int at, long value, int length) {
        for (int i = 0; i < length; i++) {
            b[at + i] = (byte) (value >>> (8 * (length - 1 - i)));
        }
    }
}
