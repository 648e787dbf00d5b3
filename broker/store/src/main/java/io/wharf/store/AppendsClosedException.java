package io.wharf.store;

/** A local append was refused: this store is a replica that does not lead (see MessageStore.closeLocalAppends). */
public final class AppendsClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AppendsClosedException() {
        super("this node does not lead its group: local appends are closed");
    }
}
