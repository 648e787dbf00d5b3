package io.wharf.server.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses SQL92 filter expressions over message properties, as RocketMQ's SQL92 subscriptions:
 * {@code = <> > >= < <=}, {@code [NOT] BETWEEN .. AND ..}, {@code [NOT] IN (..)}, {@code IS [NOT] NULL},
 * {@code AND OR NOT}, parentheses, numeric and single-quoted string literals, {@code TRUE FALSE}.
 *
 * <p>Bounded so that no subscription can hurt the broker: at most {@link #MAX_LENGTH} characters,
 * {@link #MAX_DEPTH} levels of nesting and {@link #MAX_NODES} nodes. Errors carry the character position.
 */
public final class SqlFilter {
    public static final int MAX_LENGTH = 4096;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_NODES = 512;

    private final List<SqlToken> tokens;
    private int pos;
    private int nodes;

    private SqlFilter(List<SqlToken> tokens) {
        this.tokens = tokens;
    }

    public static SqlExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new FilterSyntaxException("empty expression", 0);
        }
        if (expression.length() > MAX_LENGTH) {
            throw new FilterSyntaxException("expression longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        SqlFilter p = new SqlFilter(SqlLexer.lex(expression));
        SqlExpression e = p.or(0);
        if (p.peek().kind() != SqlToken.Kind.END) {
            throw new FilterSyntaxException("unexpected '" + p.peek().text() + "'", p.peek().position());
        }
        return e;
    }

    private SqlToken peek() {
        return tokens.get(pos);
    }

    private SqlToken next() {
        SqlToken t = tokens.get(pos);
        if (t.kind() != SqlToken.Kind.END) {
            pos++;
        }
        return t;
    }

    private void count(int depth) {
        if (++nodes > MAX_NODES) {
            throw new FilterSyntaxException("expression has more than " + MAX_NODES + " nodes", peek().position());
        }
        if (depth > MAX_DEPTH) {
            throw new FilterSyntaxException("expression nested deeper than " + MAX_DEPTH, peek().position());
        }
    }

    private SqlExpression or(int depth) {
        count(depth);
        SqlExpression left = and(depth + 1);
        while (peek().isKeyword("OR")) {
            next();
            left = new SqlExpression.Or(left, and(depth + 1));
        }
        return left;
    }

    private SqlExpression and(int depth) {
        count(depth);
        SqlExpression left = not(depth + 1);
        while (peek().isKeyword("AND")) {
            next();
            left = new SqlExpression.And(left, not(depth + 1));
        }
        return left;
    }

    private SqlExpression not(int depth) {
        count(depth);
        if (peek().isKeyword("NOT")) {
            next();
            return new SqlExpression.Not(not(depth + 1));
        }
        return predicate(depth + 1);
    }

    private SqlExpression predicate(int depth) {
        count(depth);
        SqlToken t = peek();
        if (t.kind() == SqlToken.Kind.LPAREN) {
            next();
            SqlExpression inner = or(depth + 1);
            expect(SqlToken.Kind.RPAREN, ")");
            return inner;
        }
        if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
            next();
            return new SqlExpression.Constant(t.isKeyword("TRUE"));
        }
        SqlOperand left = operand();
        SqlToken op = peek();
        if (op.kind() == SqlToken.Kind.OP) {
            next();
            return new SqlExpression.Compare(left, op.text(), operand());
        }
        if (op.isKeyword("IS")) {
            return isNull(left, op);
        }
        boolean negated = false;
        if (op.isKeyword("NOT")) {
            next();
            negated = true;
        }
        if (peek().isKeyword("BETWEEN")) {
            next();
            SqlOperand low = operand();
            if (!next().isKeyword("AND")) {
                throw new FilterSyntaxException("BETWEEN needs AND", tokens.get(pos - 1).position());
            }
            return new SqlExpression.Between(left, low, operand(), negated);
        }
        if (peek().isKeyword("IN")) {
            next();
            return new SqlExpression.In(left, inList(), negated);
        }
        throw new FilterSyntaxException("expected a comparison, BETWEEN, IN or IS after '" + left.text() + "'",
            peek().position());
    }

    private SqlExpression isNull(SqlOperand left, SqlToken is) {
        if (left.kind() != SqlOperand.Kind.PROPERTY) {
            throw new FilterSyntaxException("IS NULL applies to a property", is.position());
        }
        next();
        boolean negated = peek().isKeyword("NOT");
        if (negated) {
            next();
        }
        if (!next().isKeyword("NULL")) {
            throw new FilterSyntaxException("expected NULL", tokens.get(pos - 1).position());
        }
        return new SqlExpression.IsNull(left.text(), negated);
    }

    private List<SqlOperand> inList() {
        expect(SqlToken.Kind.LPAREN, "(");
        List<SqlOperand> values = new ArrayList<>();
        do {
            SqlOperand v = operand();
            if (v.kind() == SqlOperand.Kind.PROPERTY) {
                throw new FilterSyntaxException("IN lists hold literals", tokens.get(pos - 1).position());
            }
            values.add(v);
            count(1);
        } while (peek().kind() == SqlToken.Kind.COMMA && next() != null);
        expect(SqlToken.Kind.RPAREN, ")");
        return values;
    }

    private SqlOperand operand() {
        SqlToken t = next();
        return switch (t.kind()) {
            case IDENT -> new SqlOperand(SqlOperand.Kind.PROPERTY, t.text());
            case NUMBER -> new SqlOperand(SqlOperand.Kind.NUMBER, t.text());
            case STRING -> new SqlOperand(SqlOperand.Kind.STRING, t.text());
            default -> throw new FilterSyntaxException(t.kind() == SqlToken.Kind.END ? "expression ends early"
                : "expected a property or a literal, found '" + t.text() + "'", t.position());
        };
    }

    private void expect(SqlToken.Kind kind, String what) {
        SqlToken t = next();
        if (t.kind() != kind) {
            throw new FilterSyntaxException("expected '" + what + "'", t.position());
        }
    }
}
