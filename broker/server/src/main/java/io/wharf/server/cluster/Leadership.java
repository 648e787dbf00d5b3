package io.wharf.server.cluster;

import io.wharf.protocol.Status;
import io.wharf.store.AppendResult;
import io.wharf.store.common.AppendStatus;
import java.util.concurrent.CompletableFuture;

/**
 * What the request path needs to know about the node's place in its group: whether it serves clients now, where
 * the leader is, and when an appended record counts as stored. A single node always leads and a record counts
 * once it is as durable as the flush mode says.
 */
public interface Leadership {
    /** Whether this node serves clients now. */
    boolean isLeader();

    /** The client address of the leader this node knows of, or null while an election is under way. */
    String leaderAddress();

    /**
     * Completes with the status to answer for a record (the last of a batch) once it is stored as the
     * acknowledgement mode promises; fails with a NOT_LEADER {@link io.wharf.server.common.BrokerException} when
     * this node stopped leading first.
     */
    CompletableFuture<Status> stored(AppendStatus local, long logIndex);

    /** {@link #stored(AppendStatus, long)} for a placed record. */
    default CompletableFuture<Status> stored(AppendResult last) {
        return stored(last.status(), last.logIndex());
    }

    /** Records were appended locally (end of a burst of sends): start replicating them. */
    default void appended() {
    }

    /** The answer for a record the local store placed, with no replication. */
    static Status localStatus(AppendStatus s) {
        return switch (s) {
            case PUT_OK -> Status.OK;
            case FLUSH_DISK_TIMEOUT -> Status.FLUSH_DISK_TIMEOUT;
        };
    }

    /** A node without a group. */
    Leadership SINGLE_NODE = new Leadership() {
        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public String leaderAddress() {
            return null;
        }

        @Override
        public CompletableFuture<Status> stored(AppendStatus local, long logIndex) {
            return CompletableFuture.completedFuture(localStatus(local));
        }
    };
}
