package io.wharf.micronaut.listener;

import io.wharf.micronaut.MessageMetadata;

/**
 * A delivered message as the binding hands it to a listener method: metadata and raw body.
 *
 * @param metadata the metadata
 * @param body     the body bytes
 */
public record IncomingMessage(MessageMetadata metadata, byte[] body) {
}
