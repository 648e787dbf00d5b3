package io.wharf.micronaut.listener;

/** What became of one delivery, for the binding to tell its broker. */
public enum ListenerOutcome {
    /** The method returned: acknowledge. */
    CONSUMED,
    /** The method threw: retry later (concurrent) or suspend the queue (orderly). */
    FAILED,
    /** The body could not be decoded: dead-letter at once. */
    POISON
}
