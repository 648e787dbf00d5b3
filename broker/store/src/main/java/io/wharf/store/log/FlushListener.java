package io.wharf.store.log;

/** Told each time more of the commit log is durable. */
@FunctionalInterface
public interface FlushListener {
    /** Everything up to and including {@code durable} has been forced to the device. */
    void onFlushed(LogPosition durable);
}
