package io.wharf.order.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A message waiting in the spool (table {@code spool}) for the broker group to answer again.
 *
 * @param id         its place in the spool; the relay re-sends in this order
 * @param topic      the topic
 * @param tag        the tag, or null
 * @param msgKey     the key, or null
 * @param payload    the JSON body
 * @param properties the user properties as a JSON object, or null
 * @param orderKey   the order key (ordered messages), or null
 * @param delayLevel the delay level, or 0
 * @param createdAt  when it was spooled
 */
@MappedEntity("spool")
public record SpoolEntry(@Id @GeneratedValue @Nullable Long id, String topic, @Nullable String tag,
                         @Nullable String msgKey, String payload, @Nullable String properties,
                         @Nullable String orderKey, int delayLevel, Instant createdAt) {
}
