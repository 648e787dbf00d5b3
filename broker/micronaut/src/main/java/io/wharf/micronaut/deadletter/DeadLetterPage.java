package io.wharf.micronaut.deadletter;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A group's dead-letter counts and one page of its dead messages.
 *
 * @param group    the consumer group
 * @param dead     dead messages stored
 * @param redriven of those, re-driven already
 * @param awaiting of those, not re-driven yet
 * @param messages the page
 */
@Serdeable
public record DeadLetterPage(String group, long dead, long redriven, long awaiting, List<DeadLetter> messages) {
}
