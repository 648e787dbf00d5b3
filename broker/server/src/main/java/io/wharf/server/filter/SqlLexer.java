package io.wharf.server.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Splits a filter expression into tokens; keywords are case-insensitive, identifiers are not. */
final class SqlLexer {
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "IS", "NULL", "TRUE",
        "FALSE");

    private SqlLexer() {
    }

    static List<SqlToken> lex(String s) {
        List<SqlToken> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(new SqlToken(c == '(' ? SqlToken.Kind.LPAREN : c == ')' ? SqlToken.Kind.RPAREN
                    : SqlToken.Kind.COMMA, String.valueOf(c), i));
                i++;
            } else if (c == '\'') {
                i = string(s, i, out);
            } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < s.length()
                && Character.isDigit(s.charAt(i + 1))) {
                i = number(s, i, out);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                    || s.charAt(i) == '.' || s.charAt(i) == '-')) {
                    i++;
                }
                String word = s.substring(start, i);
                String upper = word.toUpperCase(Locale.ROOT);
                out.add(KEYWORDS.contains(upper) ? new SqlToken(SqlToken.Kind.KEYWORD, upper, start)
                    : new SqlToken(SqlToken.Kind.IDENT, word, start));
            } else {
                i = operator(s, i, out);
            }
        }
        out.add(new SqlToken(SqlToken.Kind.END, "", s.length()));
        return out;
    }

    private static int string(String s, int start, List<SqlToken> out) {
        StringBuilder b = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= s.length()) {
                throw new FilterSyntaxException("unterminated string literal", start);
            }
            char c = s.charAt(i);
            if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    b.append('\'');
                    i += 2;
                    continue;
                }
                out.add(new SqlToken(SqlToken.Kind.STRING, b.toString(), start));
                return i + 1;
            }
            b.append(c);
            i++;
        }
    }

    private static int number(String s, int start, List<SqlToken> out) {
        int i = start + 1;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String text = s.substring(start, i);
        try {
            Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new FilterSyntaxException("malformed number '" + text + "'", start);
        }
        out.add(new SqlToken(SqlToken.Kind.NUMBER, text, start));
        return i;
    }

    private static int operator(String s, int i, List<SqlToken> out) {
        for (String op : new String[] {"<>", ">=", "<=", "=", ">", "<"}) {
            if (s.startsWith(op, i)) {
                out.add(new SqlToken(SqlToken.Kind.OP, op, i));
                return i + op.length();
            }
        }
        throw new FilterSyntaxException("unexpected character '" + s.charAt(i) + "'", i);
    }
}
