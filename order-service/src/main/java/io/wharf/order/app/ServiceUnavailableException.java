package io.wharf.order.app;

/** Neither the database nor Redis could take the order: nothing was kept, the caller should retry later. */
public final class ServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
