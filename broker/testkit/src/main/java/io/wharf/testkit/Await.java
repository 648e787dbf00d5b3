package io.wharf.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition: {@link #until} it holds (failing with a description of the state when it does not in time),
 * or {@link #holdsFor} a whole window (failing as soon as it breaks), for "nothing more happens" checks such as no
 * duplicate after the awaited delivery.
 */
public final class Await {
    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + state.get());
            }
            pause();
        }
    }

    /** Checks {@code condition} throughout {@code window}; fails the moment it does not hold. */
    public static void holdsFor(Duration window, BooleanSupplier condition, Supplier<String> state) {
        long end = System.nanoTime() + window.toNanos();
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("condition broke within " + window + ": " + state.get());
            }
            pause();
        } while (System.nanoTime() < end);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
