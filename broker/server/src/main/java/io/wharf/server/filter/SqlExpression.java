package io.wharf.server.filter;

import java.util.List;
import java.util.Map;

/**
 * A parsed SQL92 filter over message properties. Evaluation uses SQL's three-valued logic: a comparison with
 * a missing property is unknown ({@code null}), {@code NOT unknown} is unknown, and a message matches only when
 * the whole expression is {@code TRUE}.
 */
public sealed interface SqlExpression {

    /** TRUE, FALSE, or null for unknown. */
    Boolean eval(Map<String, String> properties);

    default boolean matches(Map<String, String> properties) {
        return Boolean.TRUE.equals(eval(properties));
    }

    /** {@code a AND b}. */
    record And(SqlExpression left, SqlExpression right) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            Boolean l = left.eval(p);
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Boolean r = right.eval(p);
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }
    }

    /** {@code a OR b}. */
    record Or(SqlExpression left, SqlExpression right) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            Boolean l = left.eval(p);
            if (Boolean.TRUE.equals(l)) {
                return true;
            }
            Boolean r = right.eval(p);
            if (Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }
    }

    /** {@code NOT a}. */
    record Not(SqlExpression inner) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            Boolean v = inner.eval(p);
            return v == null ? null : !v;
        }
    }

    /** {@code TRUE} or {@code FALSE}. */
    record Constant(boolean value) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            return value;
        }
    }

    /** {@code a op b} with op one of = &lt;&gt; &gt; &gt;= &lt; &lt;=. */
    record Compare(SqlOperand left, String op, SqlOperand right) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            Integer c = SqlOperand.compare(left.value(p), right.value(p), left, right);
            if (c == null) {
                return null;
            }
            return switch (op) {
                case "=" -> c == 0;
                case "<>" -> c != 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                default -> throw new IllegalStateException("operator " + op);
            };
        }
    }

    /** {@code prop IS [NOT] NULL}. */
    record IsNull(String property, boolean negated) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            return p.containsKey(property) == negated;
        }
    }

    /** {@code a [NOT] BETWEEN lo AND hi}. */
    record Between(SqlOperand value, SqlOperand low, SqlOperand high, boolean negated) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            String v = value.value(p);
            Integer lo = SqlOperand.compare(v, low.value(p), value, low);
            Integer hi = SqlOperand.compare(v, high.value(p), value, high);
            if (lo == null || hi == null) {
                return null;
            }
            return (lo >= 0 && hi <= 0) != negated;
        }
    }

    /** {@code a [NOT] IN (x, y, ...)}. */
    record In(SqlOperand value, List<SqlOperand> candidates, boolean negated) implements SqlExpression {
        @Override
        public Boolean eval(Map<String, String> p) {
            String v = value.value(p);
            if (v == null) {
                return null;
            }
            for (SqlOperand c : candidates) {
                Integer cmp = SqlOperand.compare(v, c.value(p), value, c);
                if (cmp != null && cmp == 0) {
                    return !negated;
                }
            }
            return negated;
        }
    }
}
