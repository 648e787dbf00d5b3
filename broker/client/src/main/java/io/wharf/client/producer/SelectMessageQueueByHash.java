package io.wharf.client.producer;

import io.wharf.client.Message;
import io.wharf.client.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Picks the queue by a hash of the argument (the ordering key, e.g. an order id) modulo the queue count. The hash
 * is defined here, not taken from {@code hashCode()}, so every JVM and every client version maps a key to the
 * same queue:
 * <ul>
 * <li>integral numbers (Long, Integer, Short, Byte): the value itself;</li>
 * <li>CharSequence: 64-bit FNV-1a over its UTF-8 bytes;</li>
 * <li>UUID: the FNV-1a hash of its 16 bytes; byte[]: the FNV-1a hash of the bytes;</li>
 * <li>enum constants: the hash of their name.</li>
 * </ul>
 * Other argument types are refused: their {@code hashCode()} may differ between JVMs.
 */
public final class SelectMessageQueueByHash implements MessageQueueSelector {
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    @Override
    public MessageQueue select(List<MessageQueue> queues, Message message, Object arg) {
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("no queues to choose from");
        }
        return queues.get((int) Math.floorMod(hash(arg), (long) queues.size()));
    }

    /** The stable hash of an ordering key. */
    public static long hash(Object arg) {
        return switch (arg) {
            case Long l -> l;
            case Integer i -> i;
            case Short s -> s;
            case Byte b -> b;
            case CharSequence cs -> fnv1a(cs.toString().getBytes(StandardCharsets.UTF_8));
            case UUID u -> fnv1a(uuidBytes(u));
            case byte[] bytes -> fnv1a(bytes);
            case Enum<?> e -> fnv1a(e.name().getBytes(StandardCharsets.UTF_8));
            case null -> throw new IllegalArgumentException("the ordering key must not be null");
            default -> throw new IllegalArgumentException("ordering keys of type " + arg.getClass().getName()
                + " have no stable hash; pass a String, an integral number, a UUID, an enum or a byte[]");
        };
    }

    private static byte[] uuidBytes(UUID u) {
        byte[] b = new byte[16];
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    static long fnv1a(byte[] bytes) {
        long h = FNV_OFFSET_BASIS;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }
}
