package io.wharf.micronaut.sequence;

import java.util.Map;
import java.util.Optional;

/**
 * A message's place in its producer's numbering (seed 002, "detecting message loss"): the producer instance that
 * sent it and its number in that instance's stream of one topic and tag, 1, 2, 3, ... without holes. Carried as
 * the user properties {@value #PRODUCER} and {@value #NUMBER}; a skip marker ({@value #SKIP}) accounts for a number
 * whose message will never come (a rolled-back transaction, a send that failed).
 *
 * @param producer the producer instance id (new on every start of the application)
 * @param number   the number, from 1
 */
public record SequenceStamp(String producer, long number) {
    /** The property naming the producer instance. */
    public static final String PRODUCER = "wharfSeqProducer";
    /** The property holding the number. */
    public static final String NUMBER = "wharfSeq";
    /** Present on a skip marker: a message that stands for a number and carries nothing to consume. */
    public static final String SKIP = "wharfSeqSkip";

    public SequenceStamp {
        if (producer == null || producer.isBlank() || number < 1) {
            throw new IllegalArgumentException("a sequence stamp has a producer and a number >= 1");
        }
    }

    /** The stamp in a message's properties, if it has a well-formed one. */
    public static Optional<SequenceStamp> of(Map<String, String> properties) {
        String producer = properties.get(PRODUCER);
        String number = properties.get(NUMBER);
        if (producer == null || number == null || producer.isBlank()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(number);
            return n < 1 ? Optional.empty() : Optional.of(new SequenceStamp(producer, n));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when the properties mark a skip marker. */
    public static boolean isSkipMarker(Map<String, String> properties) {
        return properties.containsKey(SKIP);
    }
}
