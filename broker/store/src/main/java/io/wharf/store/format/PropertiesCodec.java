package io.wharf.store.format;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties section of a record: a count, then each entry as a length-prefixed UTF-8 key and value.
 *
 * <pre>
 * +--------------+------------------+-----------+-------------------+-------------+---
 * | count (u16)  | key length (u16) | key bytes | value length (i32)| value bytes | ...
 * +--------------+------------------+-----------+-------------------+-------------+---
 * </pre>
 *
 * Entries are written in the map's iteration order and decoded into an insertion-ordered map.
 */
public final class PropertiesCodec {
    public static final int MAX_ENTRIES = 0xFFFF;
    public static final int MAX_KEY_BYTES = 0xFFFF;

    private PropertiesCodec() {
    }

    public static int encodedLength(Map<String, String> properties) {
        if (properties.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " properties");
        }
        int length = 2;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            int keyLength = utf8Length(e.getKey());
            if (keyLength > MAX_KEY_BYTES) {
                throw new IllegalArgumentException("property name longer than " + MAX_KEY_BYTES + " bytes");
            }
            length += 2 + keyLength + 4 + utf8Length(e.getValue());
        }
        return length;
    }

    public static void encode(Map<String, String> properties, ByteBuffer dst) {
        dst.putShort((short) properties.size());
        for (Map.Entry<String, String> e : properties.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            dst.putShort((short) key.length).put(key).putInt(value.length).put(value);
        }
    }

    /** Decodes a properties section; a malformed one raises {@link IllegalArgumentException}. */
    public static Map<String, String> decode(ByteBuffer src) {
        ByteBuffer in = src.slice();
        if (in.remaining() < 2) {
            throw new IllegalArgumentException("properties section shorter than its count");
        }
        int count = Short.toUnsignedInt(in.getShort());
        if (count == 0) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>(count * 2);
        try {
            for (int i = 0; i < count; i++) {
                String key = readString(in, Short.toUnsignedInt(in.getShort()));
                String value = readString(in, in.getInt());
                out.put(key, value);
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("properties section ends inside entry " + out.size() + " of " + count);
        }
        return Collections.unmodifiableMap(out);
    }

    private static String readString(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("property length " + length + " exceeds the section");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1; // an unpaired surrogate is encoded as '?'
            } else {
                n += 3;
            }
        }
        return n;
    }
}
