package io.wharf.server.cluster;

import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;
import io.wharf.raft.AppendRequest;
import io.wharf.raft.AppendResponse;
import io.wharf.raft.RaftMessage;
import io.wharf.raft.SnapshotOffer;
import io.wharf.raft.VoteRequest;
import io.wharf.raft.VoteResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a RAFT_MESSAGE frame: a one-byte kind, then the message's fields in order. Entries of an append are
 * whole commit-log records, each length-prefixed, exactly as the leader stored them.
 *
 * <pre>
 * kind 1 VoteRequest    term i64, from str, to str, lastIndex i64, lastTerm i64, preVote bool
 * kind 2 VoteResponse   term i64, from str, to str, granted bool, preVote bool
 * kind 3 AppendRequest  term i64, from str, to str, prevIndex i64, prevTerm i64, commit i64, count i32,
 *                       count × (length i32, record bytes)
 * kind 4 AppendResponse term i64, from str, to str, success bool, matchIndex i64, conflictIndex i64
 * kind 5 SnapshotOffer  term i64, from str, to str, firstIndex i64, firstTerm i64, commitIndex i64
 * </pre>
 */
public final class RaftCodec {
    private static final int VOTE_REQUEST = 1;
    private static final int VOTE_RESPONSE = 2;
    private static final int APPEND_REQUEST = 3;
    private static final int APPEND_RESPONSE = 4;
    private static final int SNAPSHOT_OFFER = 5;

    private RaftCodec() {
    }

    public static ByteBuffer encode(RaftMessage message) {
        int size = 64;
        if (message instanceof AppendRequest<?> a) {
            for (Object e : a.entries()) {
                size += 4 + ((ByteBuffer) e).remaining();
            }
        }
        WireWriter w = new WireWriter(size);
        switch (message) {
            case VoteRequest v -> w.u8(VOTE_REQUEST).i64(v.term()).string(v.from()).string(v.to())
                .i64(v.lastIndex()).i64(v.lastTerm()).bool(v.preVote());
            case VoteResponse v -> w.u8(VOTE_RESPONSE).i64(v.term()).string(v.from()).string(v.to())
                .bool(v.granted()).bool(v.preVote());
            case AppendRequest<?> a -> {
                w.u8(APPEND_REQUEST).i64(a.term()).string(a.from()).string(a.to()).i64(a.prevIndex())
                    .i64(a.prevTerm()).i64(a.commitIndex()).i32(a.entries().size());
                for (Object e : a.entries()) {
                    w.bytes((ByteBuffer) e);
                }
            }
            case AppendResponse a -> w.u8(APPEND_RESPONSE).i64(a.term()).string(a.from()).string(a.to())
                .bool(a.success()).i64(a.matchIndex()).i64(a.conflictIndex());
            case SnapshotOffer o -> w.u8(SNAPSHOT_OFFER).i64(o.term()).string(o.from()).string(o.to())
                .i64(o.firstIndex()).i64(o.firstTerm()).i64(o.commitIndex());
        }
        return w.toBuffer();
    }

    public static RaftMessage decode(WireReader r) {
        int kind = r.u8();
        RaftMessage m = switch (kind) {
            case VOTE_REQUEST -> new VoteRequest(r.i64(), r.string(), r.string(), r.i64(), r.i64(), r.bool());
            case VOTE_RESPONSE -> new VoteResponse(r.i64(), r.string(), r.string(), r.bool(), r.bool());
            case APPEND_REQUEST -> decodeAppend(r);
            case APPEND_RESPONSE -> new AppendResponse(r.i64(), r.string(), r.string(), r.bool(), r.i64(), r.i64());
            case SNAPSHOT_OFFER -> new SnapshotOffer(r.i64(), r.string(), r.string(), r.i64(), r.i64(), r.i64());
            default -> throw new ProtocolException(Status.BAD_REQUEST, "unknown raft message kind " + kind);
        };
        r.end();
        return m;
    }

    private static AppendRequest<ByteBuffer> decodeAppend(WireReader r) {
        long term = r.i64();
        String from = r.string();
        String to = r.string();
        long prevIndex = r.i64();
        long prevTerm = r.i64();
        long commit = r.i64();
        int count = r.i32();
        if (count < 0) {
            throw new ProtocolException(Status.BAD_REQUEST, "negative entry count " + count);
        }
        List<ByteBuffer> entries = new ArrayList<>(Math.min(count, 4096));
        for (int i = 0; i < count; i++) {
            entries.add(r.bytesView());
        }
        return new AppendRequest<>(term, from, to, prevIndex, prevTerm, commit, entries);
    }
}
