package io.wharf.store.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and atomically replaces the checkpoint: the new content goes to a temporary file that is forced and
 * renamed over the old one, and the directory is forced, so a crash leaves either the old or the new file.
 */
public final class CheckpointFile {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFile.class);
    private final Path file;
    private final Path temp;

    public CheckpointFile(Path dir) {
        this.file = dir.resolve("checkpoint");
        this.temp = dir.resolve("checkpoint.tmp");
    }

    /** The last checkpoint, or empty when there is none or it cannot be trusted (then recovery scans all). */
    public Optional<Checkpoint> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CheckpointLayout.decode(ByteBuffer.wrap(Files.readAllBytes(file))));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring unreadable checkpoint {}: {}; recovery will scan the whole log", file,
                e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void write(Checkpoint checkpoint) {
        ByteBuffer bytes = CheckpointLayout.encode(checkpoint);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
