package io.wharf.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads body fields written by {@link WireWriter} without trusting them: every length is checked against the
 * bytes that remain, strings must be valid UTF-8, and any violation is a {@link ProtocolException} with
 * {@link Status#BAD_REQUEST}. A reader never allocates more than the frame it reads could hold.
 */
public final class WireReader {
    private final ByteBuffer in;

    public WireReader(ByteBuffer in) {
        this.in = in;
    }

    private void need(int n, String what) {
        if (n < 0 || in.remaining() < n) {
            throw new ProtocolException(Status.BAD_REQUEST, "body ends inside " + what);
        }
    }

    public int u8() {
        need(1, "a byte");
        return Byte.toUnsignedInt(in.get());
    }

    public boolean bool() {
        int v = u8();
        if (v > 1) {
            throw new ProtocolException(Status.BAD_REQUEST, "boolean field holds " + v);
        }
        return v == 1;
    }

    public int u16() {
        need(2, "a 16-bit field");
        return Short.toUnsignedInt(in.getShort());
    }

    public int i32() {
        need(4, "a 32-bit field");
        return in.getInt();
    }

    public long i64() {
        need(8, "a 64-bit field");
        return in.getLong();
    }

    public String string() {
        return utf8(u16());
    }

    public String longString() {
        return utf8(i32());
    }

    public byte[] bytes() {
        int n = i32();
        need(n, "a byte array of " + n + " bytes");
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** Like {@link #bytes()} but without a copy: a read-only view of the frame's bytes. */
    public ByteBuffer bytesView() {
        int n = i32();
        need(n, "a byte array of " + n + " bytes");
        ByteBuffer slice = in.slice(in.position(), n).asReadOnlyBuffer();
        in.position(in.position() + n);
        return slice;
    }

    private String utf8(int n) {
        need(n, "a string of " + n + " bytes");
        ByteBuffer slice = in.slice(in.position(), n);
        in.position(in.position() + n);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Status.BAD_REQUEST, "string is not valid UTF-8");
        }
    }

    public Map<String, String> map() {
        int count = u16();
        need(count * 6, "a map of " + count + " entries");
        if (count == 0) {
            return Collections.emptyMap();
        }
        Map<String, String> m = new LinkedHashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            m.put(string(), longString());
        }
        return Collections.unmodifiableMap(m);
    }

    /** A list whose elements take at least {@code minElementBytes} each (bounds the allocation). */
    public <T> List<T> list(int minElementBytes, Function<WireReader, T> element) {
        int count = u16();
        need(count * Math.max(1, minElementBytes), "a list of " + count + " elements");
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(element.apply(this));
        }
        return out;
    }

    /** True while bytes are left: for optional fields added at the end of a body in a later version. */
    public boolean hasMore() {
        return in.hasRemaining();
    }

    /** Fails unless every byte was read: trailing bytes mean the two sides disagree on the body. */
    public void end() {
        if (in.hasRemaining()) {
            throw new ProtocolException(Status.BAD_REQUEST, in.remaining() + " unexpected bytes after the body");
        }
    }
}
