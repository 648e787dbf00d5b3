package io.wharf.micronaut.sequence;

/** The consumer-side loss check of {@code wharf.sequence.audit.*}; inject it to show {@link #report()}. */
public interface SequenceAuditor {
    /** The holes open longer than the window, with what the audit has seen so far. */
    SequenceReport report();
}
