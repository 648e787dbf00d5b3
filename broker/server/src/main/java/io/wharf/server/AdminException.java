package io.wharf.server;

/** An admin request refused with an HTTP status (4xx) and a message for the problem body. */
public final class AdminException extends RuntimeException {
    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
