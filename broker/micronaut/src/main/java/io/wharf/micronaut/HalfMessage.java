package io.wharf.micronaut;

import io.micronaut.core.annotation.Nullable;

/**
 * A stored half (prepared) message, to be committed or rolled back later, possibly by another instance of the
 * application: keep {@link #token()} with the business record it announces.
 *
 * @param transactionId the transaction id (the half message's id)
 * @param halfOffset    where the broker stored the half
 * @param sequence      the half's sequence stamp and stream when the publisher stamps messages, else null: a
 *                      rollback then sends the skip marker that accounts for its number
 */
public record HalfMessage(String transactionId, long halfOffset, @Nullable Sequenced sequence) {
    private static final String SEP = "|";

    public HalfMessage(String transactionId, long halfOffset) {
        this(transactionId, halfOffset, null);
    }

    /**
     * A half's stamp and the stream it belongs to.
     *
     * @param producer the producer instance
     * @param number   the number
     * @param topic    the topic
     * @param tag      the tag, or ""
     */
    public record Sequenced(String producer, long number, String topic, String tag) {
    }

    /**
     * A compact string form to store, e.g. in the order row; {@link #parse} reads it back. Without a sequence it
     * is {@code transactionId:halfOffsetHex}; a stamped half appends {@code |producer|number|topic|tag}.
     */
    public String token() {
        String base = transactionId + ":" + Long.toHexString(halfOffset);
        if (sequence == null) {
            return base;
        }
        return base + SEP + sequence.producer() + SEP + sequence.number() + SEP + sequence.topic() + SEP
            + sequence.tag();
    }

    /** Reads a {@link #token()}. */
    public static HalfMessage parse(String token) {
        String[] parts = token.split("\\|", -1);
        String base = parts[0];
        int colon = base.lastIndexOf(':');
        if (colon <= 0 || (parts.length != 1 && parts.length != 5)) {
            throw new IllegalArgumentException("not a half message token: " + token);
        }
        try {
            long offset = Long.parseUnsignedLong(base.substring(colon + 1), 16);
            Sequenced seq = parts.length == 1 ? null
                : new Sequenced(parts[1], Long.parseLong(parts[2]), parts[3], parts[4]);
            return new HalfMessage(base.substring(0, colon), offset, seq);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a half message token: " + token, e);
        }
    }
}
