package io.wharf.micronaut.sequence;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * Numbers of one producer's stream that have not arrived although later ones have, for longer than the window.
 *
 * @param producer  the producer instance
 * @param topic     the topic
 * @param tag       the tag ("" for none)
 * @param from      the first missing number
 * @param to        the last missing number (inclusive)
 * @param openSince when a later number first arrived, so since when these are missing
 */
@Serdeable
public record SequenceGap(String producer, String topic, String tag, long from, long to, Instant openSince) {
    /** How many numbers are missing. */
    public long size() {
        return to - from + 1;
    }
}
