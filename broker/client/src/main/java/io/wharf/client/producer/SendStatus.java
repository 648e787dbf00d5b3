package io.wharf.client.producer;

import io.wharf.protocol.Status;

/**
 * How well a stored message is protected. Every value means the broker stored the message; all but
 * {@link #SEND_OK} mean it is not yet as durable as the broker is configured to make it, so a caller that must
 * not lose the message treats them as failures (and resends, accepting a possible duplicate).
 */
public enum SendStatus {
    /** Stored, and flushed and replicated as the broker is configured to. */
    SEND_OK,
    /** Stored, but not forced to disk within the broker's flush timeout. */
    FLUSH_DISK_TIMEOUT,
    /** Stored, but the replicas did not acknowledge within the timeout. */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored on the leader only: not enough replicas are reachable. */
    SLAVE_NOT_AVAILABLE;

    static SendStatus of(Status status) {
        return switch (status) {
            case OK -> SEND_OK;
            case FLUSH_DISK_TIMEOUT -> FLUSH_DISK_TIMEOUT;
            case FLUSH_SLAVE_TIMEOUT -> FLUSH_SLAVE_TIMEOUT;
            case SLAVE_NOT_AVAILABLE -> SLAVE_NOT_AVAILABLE;
            default -> throw new IllegalArgumentException(status + " is not a send success status");
        };
    }
}
