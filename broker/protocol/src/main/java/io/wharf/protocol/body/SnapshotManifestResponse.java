package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import java.util.List;

/**
 * The leader's copy point for rebuilding a member (SNAPSHOT_MANIFEST): its first held log index, the last index and
 * term of the copy, the commit-log segments to fetch (name and length) and the state documents, whole.
 */
public record SnapshotManifestResponse(long firstIndex, long lastIndex, long lastTerm, List<Segment> segments,
                                       List<Document> documents) implements Body {
    public SnapshotManifestResponse {
        segments = List.copyOf(segments);
        documents = List.copyOf(documents);
    }

    /** A commit-log segment of the copy: its file name and the bytes to fetch from its start. */
    public record Segment(String name, long length) {
    }

    /** A state document (a file of the broker's config directory) as it is now. */
    public record Document(String name, byte[] content) {
    }

    @Override
    public void encode(WireWriter w) {
        w.i64(firstIndex).i64(lastIndex).i64(lastTerm)
            .list(segments, (x, s) -> x.string(s.name()).i64(s.length()))
            .list(documents, (x, d) -> x.string(d.name()).bytes(d.content()));
    }

    public static SnapshotManifestResponse decode(WireReader r) {
        SnapshotManifestResponse body = new SnapshotManifestResponse(r.i64(), r.i64(), r.i64(),
            r.list(10, x -> new Segment(x.string(), x.i64())), r.list(6, x -> new Document(x.string(), x.bytes())));
        r.end();
        return body;
    }
}
