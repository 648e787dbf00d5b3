package io.wharf.micronaut.deadletter;

import java.util.List;

/**
 * A consumer group's dead-letter queue on the broker group ({@code %DLQ%<group>}), through the broker's admin API
 * ({@code wharf.admin-urls}; the leader answers, each URL is tried in turn). Dead messages stay where they are
 * until re-driven: a re-drive sends each to the group's retry topic with a fresh retry budget, at most once.
 */
public interface DeadLetterAdmin {
    /** A page of the group's dead messages from queue offset {@code from}, with the group's counts. */
    DeadLetterPage list(String group, long from, int max);

    /** Re-drives the listed dead messages (their {@code offsetMsgId}s); ids re-driven before are skipped. */
    RedriveResult redrive(String group, List<String> offsetMsgIds);

    /** Re-drives every dead message of the group not re-driven before. */
    RedriveResult redriveAll(String group);
}
