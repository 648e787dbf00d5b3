package io.wharf.server.cluster;

import io.wharf.raft.AppendResponse;
import io.wharf.raft.RaftMessage;
import io.wharf.raft.RaftTransport;
import io.wharf.store.MessageStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A follower's group commit. While the replication thread handles a batch of messages from the network, a
 * follower's "force before you acknowledge" is deferred: the force is recorded, and the acknowledgements (successful
 * {@link AppendResponse}s) that must follow it are held. At the end of the batch one force covers every append of
 * the batch and the held acknowledgements leave. Under load one force serves many appends; alone, nothing waits.
 * Every other message (votes, rejections, the leader's appends) leaves at once.
 */
final class BatchedAcks implements RaftTransport {
    private final RaftTransport out;
    private final MessageStore store;
    private final List<RaftMessage> held = new ArrayList<>();
    private boolean forceDue;

    BatchedAcks(RaftTransport out, MessageStore store) {
        this.out = out;
        this.store = store;
    }

    /** The log asked for a force: it happens at {@link #endOfBatch()}, before any acknowledgement leaves. */
    void forceRequested() {
        forceDue = true;
    }

    @Override
    public void send(RaftMessage message) {
        if (forceDue && message instanceof AppendResponse r && r.success()) {
            held.add(message);
        } else {
            out.send(message);
        }
    }

    /** Forces what the batch appended, then sends the acknowledgements held for it. */
    void endOfBatch() {
        if (forceDue) {
            store.flush();
            forceDue = false;
        }
        for (RaftMessage m : held) {
            out.send(m);
        }
        held.clear();
    }
}
