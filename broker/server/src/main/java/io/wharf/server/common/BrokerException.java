package io.wharf.server.common;

import io.wharf.protocol.Status;

/** A request the broker refuses, with the status to answer and a message for the client. */
public final class BrokerException extends RuntimeException {
    private final Status status;

    public BrokerException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
