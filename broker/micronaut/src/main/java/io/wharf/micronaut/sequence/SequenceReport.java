package io.wharf.micronaut.sequence;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * What the sequence audit saw, for an operator: gaps open longer than the window, and enough context to judge them.
 *
 * @param topic          the audited topic
 * @param tags           its tag expression
 * @param window         how long a hole may stay open (out-of-order commits, retries) before it is reported,
 *                       ISO-8601 ({@code PT2M})
 * @param at             when the report was made
 * @param streams        producer streams seen (one per producer instance, topic and tag)
 * @param messages       stamped messages seen (duplicates included)
 * @param unstamped      messages without a stamp (from producers with stamping off)
 * @param missingNumbers numbers missing in {@code gaps}
 * @param openNumbers    numbers missing in holes younger than the window (not reported yet; they may still come)
 * @param gaps           the gaps open longer than the window, oldest first
 */
@Serdeable
public record SequenceReport(String topic, String tags, String window, Instant at, int streams, long messages,
                             long unstamped, long missingNumbers, long openNumbers,
                             List<SequenceGap> gaps) {
}
