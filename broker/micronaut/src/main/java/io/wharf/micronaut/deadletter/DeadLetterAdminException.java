package io.wharf.micronaut.deadletter;

/** The broker group's admin API did not carry out a dead-letter request (no URL answered, or one refused it). */
public class DeadLetterAdminException extends RuntimeException {
    private final int status;

    public DeadLetterAdminException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the broker answered (400 bad request, 404 unknown id), or 0 when none answered. */
    public int status() {
        return status;
    }
}
