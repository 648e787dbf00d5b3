package io.wharf.client.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trace record: its {@link TraceType}, when it was taken ({@code timeMs}, epoch ms), the traced message's id
 * and business keys, and the type's fields (see {@code docs/trace.md}). Encoded as one JSON object per line by
 * {@link #toJsonLine()}; {@link #fields()} holds only strings, numbers and booleans.
 */
public record TraceRecord(TraceType type, long timeMs, String msgId, String keys, Map<String, Object> fields) {

    public TraceRecord {
        Map<String, Object> present = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        fields = Collections.unmodifiableMap(present);
    }

    /** The record as one line of JSON (no trailing newline): type, timeMs, msgId, keys, then the fields. */
    public String toJsonLine() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("type", type.name());
        all.put("timeMs", timeMs);
        all.put("msgId", msgId);
        if (keys != null && !keys.isEmpty()) {
            all.put("keys", keys);
        }
        all.putAll(fields);
        StringBuilder sb = new StringBuilder(128).append('{');
        for (Map.Entry<String, Object> e : all.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (sb.length() > 1) {
                sb.append(',');
            }
            appendString(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                appendString(sb, v.toString());
            }
        }
        return sb.append('}').toString();
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
