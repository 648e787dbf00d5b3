package io.wharf.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Polling with a deadline, whole-log reads and directory copies shared by the store tests. */
public final class StoreTestKit {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    private StoreTestKit() {
    }

    /** Polls {@code condition} until it holds; fails the test when {@code timeout} passes first. */
    public static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Waits until the dispatcher has made every record up to {@code index} readable. */
    public static void awaitDispatched(MessageStore store, long index) {
        await("dispatch of index " + index + " (at " + store.dispatchedPosition() + ")",
            () -> store.dispatchedPosition().index() >= index, DEFAULT_WAIT);
    }

    /** Every record of the log from {@code fromIndex} to the end, copied out of the mapping. */
    public static List<byte[]> recordsFrom(MessageStore store, long fromIndex) {
        List<byte[]> out = new ArrayList<>();
        long next = fromIndex;
        while (next <= store.endPosition().index()) {
            List<ByteBuffer> batch = store.readEntries(next, 1 << 20);
            if (batch.isEmpty()) {
                break;
            }
            for (ByteBuffer b : batch) {
                out.add(bytes(b));
            }
            next += batch.size();
        }
        return out;
    }

    public static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /**
     * Simulates a process crash of an open, idle store in {@code dir}: copies its files as the page cache holds
     * them (abort marker included), closes the store and puts the copy in its place.
     */
    public static void crash(MessageStore store, Path dir) {
        Path copy = dir.resolveSibling(dir.getFileName() + ".crashed");
        copyTree(dir, copy);
        store.close();
        deleteTree(dir);
        try {
            Files.move(copy, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + copy + " to " + dir, e);
        }
    }

    /** Copies a directory tree (files are read through the page cache, as a crash would leave them). */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
