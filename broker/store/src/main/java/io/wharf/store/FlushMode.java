package io.wharf.store;

/** When an append counts as done. */
public enum FlushMode {
    /** After the bytes covering it were forced to the device (group commit). Nothing acknowledged is lost. */
    SYNC,
    /** After the bytes were written to the page cache; a background flush forces them periodically. */
    ASYNC
}
