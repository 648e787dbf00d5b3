package io.wharf.server.filter;

/** One lexical token of a SQL92 filter expression. */
record SqlToken(Kind kind, String text, int position) {
    enum Kind { IDENT, NUMBER, STRING, OP, LPAREN, RPAREN, COMMA, KEYWORD, END }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isKeyword(String k) {
        return kind == Kind.KEYWORD && text.equals(k);
    }
}
