package io.wharf.server.filter;

/** A filter expression that does not parse, with the 0-based character position of the problem. */
public final class FilterSyntaxException extends IllegalArgumentException {
    private final int position;

    public FilterSyntaxException(String message, int position) {
        super(message + " at position " + position);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
