package io.wharf.server.filter;

import java.util.Map;

/**
 * A value in a filter: a message property, or a numeric or string literal. Properties are text; two values
 * compare as numbers when both read as numbers (a property against a numeric literal, say), otherwise as text.
 */
public record SqlOperand(Kind kind, String text) {
    /** What an operand is. */
    public enum Kind { PROPERTY, NUMBER, STRING }

    String value(Map<String, String> properties) {
        return kind == Kind.PROPERTY ? properties.get(text) : text;
    }

    /** Compares two values; null when either is missing or a string literal meets a number literal's peer. */
    static Integer compare(String a, String b, SqlOperand left, SqlOperand right) {
        if (a == null || b == null) {
            return null;
        }
        boolean numeric = left.kind != Kind.STRING && right.kind != Kind.STRING;
        if (numeric) {
            Double x = number(a);
            Double y = number(b);
            if (x != null && y != null) {
                return Double.compare(x, y);
            }
            if (left.kind == Kind.NUMBER || right.kind == Kind.NUMBER) {
                return null;
            }
        }
        return a.compareTo(b);
    }

    private static Double number(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
