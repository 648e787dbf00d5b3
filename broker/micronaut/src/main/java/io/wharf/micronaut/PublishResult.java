package io.wharf.micronaut;

/**
 * A message the broker group stored as durably as it is configured to (a majority of the group, flushed).
 *
 * @param messageId   the message's id, as consumers see it
 * @param topic       the topic
 * @param queueId     the queue it went to
 * @param queueOffset its offset there
 */
public record PublishResult(String messageId, String topic, int queueId, long queueOffset) {
}
