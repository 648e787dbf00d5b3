package io.wharf.server.cluster;

import io.wharf.raft.RaftMeta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * A member's term and vote in {@code <data.dir>/raft/meta.properties}. Each save writes a new file, forces it,
 * renames it over the old one and forces the directory, so a crash leaves either the old or the new state. A
 * save that fails throws: the member must not answer a vote it could forget.
 */
public final class FileRaftMeta implements RaftMeta {
    private final Path file;
    private long term;
    private String votedFor;

    public FileRaftMeta(Path dir) {
        this.file = dir.resolve("meta.properties");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                term = Long.parseLong(p.getProperty("term", "0"));
                String v = p.getProperty("votedFor", "");
                votedFor = v.isEmpty() ? null : v;
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the raft state in " + file, e);
        }
    }

    @Override
    public long term() {
        return term;
    }

    @Override
    public String votedFor() {
        return votedFor;
    }

    @Override
    public void save(long newTerm, String newVote) {
        String text = "term=" + newTerm + "\nvotedFor=" + (newVote == null ? "" : newVote) + "\n";
        Path tmp = file.resolveSibling("meta.properties.tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the raft state to " + file, e);
        }
        term = newTerm;
        votedFor = newVote;
    }
}
