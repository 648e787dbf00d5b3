package io.wharf.server.schedule;

import java.util.Locale;

/** Parses the short durations used in settings: {@code 200ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}. */
public final class Durations {
    private Durations() {
    }

    /** The duration in milliseconds; a bare number means milliseconds. */
    public static long parseMs(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit;
        String digits;
        if (t.endsWith("ms")) {
            unit = 1;
            digits = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = 1000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d")) {
            unit = 86_400_000;
            digits = t.substring(0, t.length() - 1);
        } else {
            unit = 1;
            digits = t;
        }
        try {
            long n = Long.parseLong(digits.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 200ms, 10s, 5m, 2h or 7d");
        }
    }

    /** A space-separated list of durations, e.g. {@code "1s 5s 10s"}; at least one. */
    public static long[] parseList(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("expected at least one duration, got '" + text + "'");
        }
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseMs(parts[i]);
        }
        return out;
    }
}
