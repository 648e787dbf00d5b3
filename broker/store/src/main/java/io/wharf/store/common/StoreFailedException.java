package io.wharf.store.common;

/**
 * The store hit an I/O error and stopped accepting writes. It stays stopped until the process restarts and
 * recovery has checked the files; the cause is the first error seen.
 */
public final class StoreFailedException extends RuntimeException {
    public StoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
