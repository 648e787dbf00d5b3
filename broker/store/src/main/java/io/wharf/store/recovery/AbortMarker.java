package io.wharf.store.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file that exists while the store is open. Finding it at start-up means the last run did not shut down
 * cleanly, so recovery must verify the log's tail and rebuild derived state instead of trusting it.
 */
public final class AbortMarker {
    private final Path file;

    public AbortMarker(Path dir) {
        this.file = dir.resolve("abort");
    }

    public boolean present() {
        return Files.exists(file);
    }

    public void create() {
        try {
            Files.writeString(file, "the store is open; if this file is here at start-up, it was not closed\n");
            CheckpointFile.forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
            CheckpointFile.forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
