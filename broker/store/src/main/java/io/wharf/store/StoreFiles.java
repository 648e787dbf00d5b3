package io.wharf.store;

import io.wharf.store.recovery.AbortMarker;
import io.wharf.store.recovery.CheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store directory's bookkeeping files: an exclusive lock so two processes never open one store, the abort
 * marker and the checkpoint.
 */
final class StoreFiles {
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AbortMarker abortMarker;
    private final CheckpointFile checkpointFile;

    private StoreFiles(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.abortMarker = new AbortMarker(dir);
        this.checkpointFile = new CheckpointFile(dir);
    }

    static StoreFiles lock(Path dir) {
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new IllegalStateException("store directory " + dir + " is in use by another process");
            }
            return new StoreFiles(dir, ch, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock store directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    AbortMarker abortMarker() {
        return abortMarker;
    }

    CheckpointFile checkpointFile() {
        return checkpointFile;
    }

    /** Releases the directory; a clean close also removes the abort marker. */
    void close(boolean clean) {
        if (clean) {
            abortMarker.delete();
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock on " + dir, e);
        }
    }
}
