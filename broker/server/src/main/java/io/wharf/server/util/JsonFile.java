package io.wharf.server.util;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A small JSON document on disk, replaced atomically: written to a temporary file, forced, renamed over the
 * old one, and the directory forced. A crash leaves the old or the new document, never half of one.
 */
public final class JsonFile<T> {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Per directory, who else hears of each write (a replicated group publishes its state files in its log). */
    private static final Map<Path, BiConsumer<String, byte[]>> PUBLISHERS = new ConcurrentHashMap<>();

    private final Path file;
    private final TypeReference<T> type;

    public JsonFile(Path file, TypeReference<T> type) {
        this.file = file;
        this.type = type;
    }

    public Path path() {
        return file;
    }

    /** The document, or null when the file does not exist. A file that does not parse is an error. */
    public T read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * From now on every write of a document in {@code dir} is also handed to {@code publisher} (file name and
     * bytes), after the local file was replaced. A broker that leads its group publishes its state this way.
     */
    public static void publishWrites(Path dir, BiConsumer<String, byte[]> publisher) {
        PUBLISHERS.put(dir.toAbsolutePath().normalize(), publisher);
    }

    /** Stops publishing the writes in {@code dir}. */
    public static void stopPublishing(Path dir) {
        PUBLISHERS.remove(dir.toAbsolutePath().normalize());
    }

    public synchronized void write(T value) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file, e);
        }
        replace(file, bytes);
        BiConsumer<String, byte[]> publisher = PUBLISHERS.get(file.toAbsolutePath().normalize().getParent());
        if (publisher != null) {
            publisher.accept(file.getFileName().toString(), bytes);
        }
    }

    /** Replaces {@code file} with {@code bytes} atomically (a replica applying a published document). */
    public static void replace(Path file, byte[] bytes) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temp, bytes);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
