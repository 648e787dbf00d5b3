package io.wharf.server.cluster;

import io.wharf.protocol.Status;
import io.wharf.protocol.body.SnapshotChunkResponse;
import io.wharf.protocol.body.SnapshotManifestResponse;
import io.wharf.protocol.body.SnapshotReadRequest;
import io.wharf.server.common.BrokerException;
import io.wharf.store.MessageStore;
import io.wharf.store.StoreSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of rebuilding a member past retention (docs/replication.md): SNAPSHOT_MANIFEST names a copy
 * point (the commit watermark now) with the commit-log segments up to it and the state documents as they are;
 * SNAPSHOT_READ serves the segments' bytes. Only authenticated members get here (the request handler checks).
 */
public final class SnapshotSource {
    /** The most a SNAPSHOT_READ returns. */
    public static final int MAX_READ_BYTES = 4 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSource.class);

    private final MessageStore store;
    private final Path configDir;

    public SnapshotSource(MessageStore store, Path configDir) {
        this.store = store;
        this.configDir = configDir;
    }

    public SnapshotManifestResponse manifest(String requester) {
        StoreSnapshot.Manifest m = store.snapshotManifest(store.commitWatermark());
        List<SnapshotManifestResponse.Document> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(configDir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".json") && Files.isRegularFile(p)) {
                    docs.add(new SnapshotManifestResponse.Document(name, Files.readAllBytes(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state documents in " + configDir, e);
        }
        LOG.info("{} copies this store: log indexes {}..{}, {} MiB in {} segment(s), {} state document(s)",
            requester, m.firstIndex(), m.lastIndex(), m.bytes() >> 20, m.segments().size(), docs.size());
        return new SnapshotManifestResponse(m.firstIndex(), m.lastIndex(), m.lastTerm(), m.segments().stream()
            .map(s -> new SnapshotManifestResponse.Segment(s.name(), s.length())).toList(), docs);
    }

    public SnapshotChunkResponse read(SnapshotReadRequest r) {
        if (r.position() < 0 || r.maxBytes() < 1 || r.maxBytes() > MAX_READ_BYTES) {
            throw new BrokerException(Status.BAD_REQUEST, "position must be >= 0 and maxBytes 1.." + MAX_READ_BYTES);
        }
        ByteBuffer into = ByteBuffer.allocate(r.maxBytes());
        try {
            int n = store.readSnapshotSegment(r.segment(), r.position(), into);
            return new SnapshotChunkResponse(n <= 0 ? ByteBuffer.allocate(0) : into.flip());
        } catch (NoSuchFileException e) {
            throw new BrokerException(Status.BAD_REQUEST, "segment " + r.segment() + " is gone (retention deleted "
                + "it meanwhile): start the copy again");
        } catch (IllegalArgumentException e) {
            throw new BrokerException(Status.BAD_REQUEST, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading segment " + r.segment() + " for a copy", e);
        }
    }
}
