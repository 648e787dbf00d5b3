package io.wharf.micronaut.deadletter;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What a re-drive did.
 *
 * @param group    the consumer group
 * @param redriven the dead messages sent back to the group's retry topic
 * @param skipped  those named that were re-driven before (a dead message is re-driven at most once)
 */
@Serdeable
public record RedriveResult(String group, List<String> redriven, List<String> skipped) {
}
