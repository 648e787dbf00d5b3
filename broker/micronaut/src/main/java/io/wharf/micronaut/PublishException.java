package io.wharf.micronaut;

/**
 * A publish that did not end with the message stored durably. When {@link #mayHaveBeenStored()} is true (a
 * timeout, a lost connection, or a store that answered with a weaker guarantee) publishing it again may store it
 * twice, which consumers tolerate; when false it was not stored.
 */
public final class PublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean mayHaveBeenStored;

    public PublishException(String message, boolean mayHaveBeenStored, Throwable cause) {
        super(message, cause);
        this.mayHaveBeenStored = mayHaveBeenStored;
    }

    /** True when the message may be stored all the same. */
    public boolean mayHaveBeenStored() {
        return mayHaveBeenStored;
    }
}
