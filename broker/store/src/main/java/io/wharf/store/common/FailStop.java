package io.wharf.store.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's sticky failure state. The first I/O error (write, force, map) is recorded here and every later
 * write is refused with a {@link StoreFailedException} naming it. There is no way back short of a restart.
 */
public final class FailStop {
    private static final Logger LOG = LoggerFactory.getLogger(FailStop.class);
    private volatile StoreFailedException failure;

    /** Records {@code cause} as the store's failure, if none was recorded yet, and returns the failure. */
    public synchronized StoreFailedException fail(String what, Throwable cause) {
        if (failure == null) {
            failure = new StoreFailedException("store stopped after an I/O failure while " + what
                + "; restart the node to run recovery", cause);
            LOG.error("STORE STOPPED: {} failed; refusing every further write", what, cause);
        }
        return failure;
    }

    /** Throws the recorded failure, if any. */
    public void check() {
        StoreFailedException f = failure;
        if (f != null) {
            throw f;
        }
    }

    public boolean failed() {
        return failure != null;
    }

    public StoreFailedException failure() {
        return failure;
    }
}
