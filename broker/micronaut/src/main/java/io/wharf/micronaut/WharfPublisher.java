package io.wharf.micronaut;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes messages to the broker group; inject it. Synchronous publishes wait for the group's acknowledgement
 * (retrying through leader changes within the send timeout); an {@link OutgoingMessage#orderKey()} keeps
 * messages of one key in one queue, in order.
 */
public interface WharfPublisher {
    /**
     * Publishes and waits until the message is stored.
     *
     * @throws PublishException when it was not stored durably
     */
    PublishResult publish(OutgoingMessage message);

    /**
     * Publishes without waiting; the future fails with a {@link PublishException}. Messages with one order key
     * keep their order only when each is published after the previous one completed.
     */
    CompletableFuture<PublishResult> publishAsync(OutgoingMessage message);
}
