package io.wharf.protocol;

/** A frame or body that breaks the protocol; carries the status to answer with. */
public final class ProtocolException extends RuntimeException {
    private final Status status;

    public ProtocolException(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
