package io.wharf.micronaut;

/**
 * A half message the broker asks about: its metadata, and its payload decoded on demand.
 *
 * @param half     the transaction
 * @param metadata the message's metadata (keys: by convention the business id)
 * @param body     the raw body
 */
public record CheckedHalf(HalfMessage half, MessageMetadata metadata, byte[] body) {
}
