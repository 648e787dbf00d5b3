package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/**
 * The answer to CLUSTER_LEADER (empty request body): the answering node's id, its current term, whether it leads,
 * and the client address of the leader it knows of ({@code ""} while an election is under way). A single-node
 * broker answers with itself as leader.
 */
public record ClusterLeaderResponse(String nodeId, long term, boolean leader, String leaderAddress) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(nodeId).i64(term).bool(leader).string(leaderAddress);
    }

    public static ClusterLeaderResponse decode(WireReader r) {
        ClusterLeaderResponse body = new ClusterLeaderResponse(r.string(), r.i64(), r.bool(), r.string());
        r.end();
        return body;
    }
}
