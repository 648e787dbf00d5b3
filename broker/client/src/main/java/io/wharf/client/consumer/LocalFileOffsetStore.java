package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets kept in a local file (broadcasting: each member has its own progress), as properties
 * {@code <topic>@<queueId>=<offset>}. The file is replaced atomically on every commit. A queue without an entry
 * starts where the broker's start-policy resolution says ({@code startResolver}).
 */
final class LocalFileOffsetStore implements OffsetStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFileOffsetStore.class);

    private final Path file;
    private final OffsetStore startResolver;
    private final Map<MessageQueue, Long> offsets = new HashMap<>();

    LocalFileOffsetStore(Path file, OffsetStore startResolver) {
        this.file = file;
        this.startResolver = startResolver;
        load();
    }

    /** The file a member's offsets are kept in: {@code <dir>/<clientId>/<group>.offsets}. */
    static Path fileFor(Path dir, String clientId, String group) {
        return dir.resolve(clientId.replaceAll("[^A-Za-z0-9._@#-]", "_"))
            .resolve(group.replaceAll("[^A-Za-z0-9._-]", "_") + ".offsets");
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read consumer offsets " + file, e);
        }
        for (String key : p.stringPropertyNames()) {
            int at = key.lastIndexOf('@');
            offsets.put(new MessageQueue(key.substring(0, at), Integer.parseInt(key.substring(at + 1))),
                Long.parseLong(p.getProperty(key)));
        }
    }

    @Override
    public long read(MessageQueue mq) {
        synchronized (this) {
            Long stored = offsets.get(mq);
            if (stored != null) {
                return stored;
            }
        }
        return startResolver.read(mq);
    }

    @Override
    public synchronized Set<MessageQueue> commit(Map<MessageQueue, Long> newOffsets) {
        offsets.putAll(newOffsets);
        Map<String, String> sorted = new TreeMap<>();
        offsets.forEach((mq, offset) -> sorted.put(mq.topic() + "@" + mq.queueId(), Long.toString(offset)));
        Properties p = new Properties();
        p.putAll(sorted);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "Wharf broadcasting consumer offsets: <topic>@<queueId>=<next offset to consume>");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return newOffsets.keySet();
        } catch (IOException e) {
            LOG.warn("cannot write consumer offsets to {}: {}", file, e.toString());
            return Set.of();
        }
    }
}
