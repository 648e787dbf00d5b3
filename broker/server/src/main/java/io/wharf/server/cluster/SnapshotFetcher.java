package io.wharf.server.cluster;

import io.netty.handler.ssl.SslContext;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.auth.Credentials;
import io.wharf.protocol.body.SnapshotChunkResponse;
import io.wharf.protocol.body.SnapshotManifestResponse;
import io.wharf.protocol.body.SnapshotReadRequest;
import io.wharf.server.util.JsonFile;
import io.wharf.store.StoreSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of rebuilding past retention: told by the core that the leader no longer holds what it
 * needs, it fetches the leader's copy (SNAPSHOT_MANIFEST, then each segment by SNAPSHOT_READ) into
 * {@code <data.dir>/snapshot-incoming/} — {@code commitlog/} and {@code config/} — forces it, writes
 * {@code READY}, and hands the directory to its owner, which restarts the node over it. A copy that fails (the
 * leader went away, retention deleted a segment meanwhile) is dropped; the next offer starts a new one.
 */
public final class SnapshotFetcher {
    static final String INCOMING = "snapshot-incoming";
    static final String READY = "READY";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFetcher.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final int maxFrameBytes;
    private final Credentials credentials;
    private final SslContext tls;
    private final Consumer<Path> onReady;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean done;

    SnapshotFetcher(Path dataDir, int maxFrameBytes, Credentials credentials, SslContext tls,
                    Consumer<Path> onReady) {
        this.dataDir = dataDir;
        this.maxFrameBytes = maxFrameBytes;
        this.credentials = credentials;
        this.tls = tls;
        this.onReady = onReady;
    }

    /** The leader at {@code address} offered a copy: start fetching it unless a copy runs or is complete. */
    void offered(String address) {
        if (done || address == null || !busy.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("wharf-snapshot-fetch").start(() -> {
            try {
                Path ready = fetch(address);
                done = true;
                onReady.accept(ready);
            } catch (IOException | RuntimeException e) {
                LOG.warn("copying the leader's store from {} failed (the next offer starts again): {}", address,
                    e.toString());
            } finally {
                busy.set(false);
            }
        });
    }

    /**
     * Before the store opens: a complete copy waiting in {@code <data.dir>/snapshot-incoming} replaces the store
     * (its derived files are rebuilt on open) and the state documents; an incomplete one is deleted. Returns
     * whether a copy was installed.
     */
    public static boolean installPending(Path dataDir, Path storeDir) {
        Path incoming = dataDir.resolve(INCOMING);
        try {
            if (!Files.exists(incoming)) {
                return false;
            }
            if (!Files.exists(incoming.resolve(READY))) {
                LOG.warn("deleting an incomplete store copy in {}", incoming);
                StoreSnapshot.deleteTree(incoming);
                return false;
            }
            StoreSnapshot.install(storeDir, incoming.resolve("commitlog"));
            Path config = Files.createDirectories(dataDir.resolve("config"));
            try (Stream<Path> docs = Files.list(incoming.resolve("config"))) {
                for (Path d : docs.toList()) {
                    JsonFile.replace(config.resolve(d.getFileName().toString()),
                        Files.readAllBytes(d));
                }
            }
            String point = Files.readString(incoming.resolve(READY)).trim();
            StoreSnapshot.deleteTree(incoming);
            LOG.info("installed the leader's store copy (first, last index, term: {}); derived files are rebuilt",
                point);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the store copy in " + incoming, e);
        }
    }

    private Path fetch(String address) throws IOException {
        Path incoming = dataDir.resolve(INCOMING);
        StoreSnapshot.deleteTree(incoming);
        Path segments = Files.createDirectories(incoming.resolve("commitlog"));
        Path config = Files.createDirectories(incoming.resolve("config"));
        try (MemberConnection c = MemberConnection.open(address, maxFrameBytes, credentials, tls, CALL_TIMEOUT)) {
            SnapshotManifestResponse m = SnapshotManifestResponse.decode(
                c.call(Opcode.SNAPSHOT_MANIFEST, null, CALL_TIMEOUT).reader());
            long total = m.segments().stream().mapToLong(SnapshotManifestResponse.Segment::length).sum();
            LOG.info("this member needs entries the leader deleted: copying its store from {} (log indexes {}..{}, "
                + "{} MiB in {} segment(s))", address, m.firstIndex(), m.lastIndex(), total >> 20,
                m.segments().size());
            long copied = 0;
            long reported = 0;
            long startNs = System.nanoTime();
            for (SnapshotManifestResponse.Segment s : m.segments()) {
                try (FileChannel out = FileChannel.open(segments.resolve(s.name()), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                    long at = 0;
                    while (at < s.length()) {
                        int ask = (int) Math.min(SnapshotSource.MAX_READ_BYTES, s.length() - at);
                        ByteBuffer chunk = SnapshotChunkResponse.decode(c.call(Opcode.SNAPSHOT_READ,
                            new SnapshotReadRequest(s.name(), at, ask), CALL_TIMEOUT).reader()).bytes();
                        if (!chunk.hasRemaining()) {
                            throw new IOException("segment " + s.name() + " ended at " + at + " of " + s.length());
                        }
                        at += chunk.remaining();
                        while (chunk.hasRemaining()) {
                            out.write(chunk);
                        }
                    }
                    out.force(true);
                    copied += s.length();
                }
                if (total > 0 && (copied - reported) * 10 >= total) {
                    reported = copied;
                    LOG.info("store copy from {}: {}% ({} of {} MiB)", address, copied * 100 / total, copied >> 20,
                        total >> 20);
                }
            }
            for (SnapshotManifestResponse.Document d : m.documents()) {
                if (d.name().contains("/") || d.name().contains("\\") || d.name().startsWith(".")) {
                    throw new IOException("bad state document name '" + d.name() + "'");
                }
                Files.write(config.resolve(d.name()), d.content());
            }
            Files.writeString(incoming.resolve(READY), m.firstIndex() + " " + m.lastIndex() + " " + m.lastTerm()
                + "\n");
            try (FileChannel dir = FileChannel.open(incoming, StandardOpenOption.READ)) {
                dir.force(true);
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - startNs) / 1e9);
            LOG.warn("store copy from {} complete up to log index {}: {} MiB in {} s ({} MiB/s); restarting over it",
                address, m.lastIndex(), String.format("%.1f", total / 1048576.0), String.format("%.1f", seconds),
                String.format("%.1f", total / 1048576.0 / seconds));
            return incoming;
        }
    }
}
