package io.wharf.micronaut;

/**
 * A stored half (prepared) message, to be committed or rolled back later, possibly by another instance of the
 * application: keep {@link #token()} with the business record it announces.
 *
 * @param transactionId the transaction id (the half message's id)
 * @param halfOffset    where the broker stored the half
 */
public record HalfMessage(String transactionId, long halfOffset) {
    /** A compact string form to store, e.g. in the order row; {@link #parse} reads it back. */
    public String token() {
        return transactionId + ":" + Long.toHexString(halfOffset);
    }

    /** Reads a {@link #token()}. */
    public static HalfMessage parse(String token) {
        int colon = token.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a half message token: " + token);
        }
        return new HalfMessage(token.substring(0, colon), Long.parseUnsignedLong(token.substring(colon + 1), 16));
    }
}
