package io.wharf.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes body fields in the protocol's encoding: big-endian integers, strings as a uint16 length and UTF-8
 * bytes, byte arrays and long strings with an int32 length, lists and maps with a uint16 count. The buffer
 * grows as needed; {@link #toBuffer()} returns what was written.
 */
public final class WireWriter {
    private ByteBuffer buf;

    public WireWriter() {
        this(256);
    }

    public WireWriter(int initialCapacity) {
        this.buf = ByteBuffer.allocate(initialCapacity);
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    public WireWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public WireWriter u16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("value " + v + " does not fit in 16 bits");
        }
        ensure(2);
        buf.putShort((short) v);
        return this;
    }

    public WireWriter i32(int v) {
        ensure(4);
        buf.putInt(v);
        return this;
    }

    public WireWriter i64(long v) {
        ensure(8);
        buf.putLong(v);
        return this;
    }

    /** A string of at most 65,535 UTF-8 bytes; null is not allowed. */
    public WireWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        ensure(b.length);
        buf.put(b);
        return this;
    }

    /** A string of any length, with an int32 length. */
    public WireWriter longString(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public WireWriter bytes(byte[] b) {
        i32(b.length);
        ensure(b.length);
        buf.put(b);
        return this;
    }

    /** Like {@link #bytes(byte[])}: the buffer's remaining bytes, length-prefixed; its position is unchanged. */
    public WireWriter bytes(ByteBuffer b) {
        i32(b.remaining());
        ensure(b.remaining());
        buf.put(b.duplicate());
        return this;
    }

    public WireWriter map(Map<String, String> m) {
        u16(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            string(e.getKey());
            longString(e.getValue());
        }
        return this;
    }

    public <T> WireWriter list(List<T> items, BiConsumer<WireWriter, T> element) {
        u16(items.size());
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    /** What was written, ready to read. */
    public ByteBuffer toBuffer() {
        return buf.duplicate().flip();
    }
}
