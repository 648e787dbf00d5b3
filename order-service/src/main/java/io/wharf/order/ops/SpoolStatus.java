package io.wharf.order.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The spool's figures.
 *
 * @param pending          messages waiting to be re-sent
 * @param oldestAgeSeconds age of the oldest, or null when the spool is empty
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SpoolStatus(long pending, @Nullable Long oldestAgeSeconds) {
}
