package io.wharf.client.remoting;

import io.wharf.client.BrokerAddresses;
import io.wharf.client.WharfClientException;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ConsumerListRequest;
import io.wharf.protocol.body.ConsumerListResponse;
import io.wharf.protocol.body.EndTransactionRequest;
import io.wharf.protocol.body.ConsumerSendBackRequest;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.LockQueuesRequest;
import io.wharf.protocol.body.LockQueuesResponse;
import io.wharf.protocol.body.OffsetCommitRequest;
import io.wharf.protocol.body.OffsetQueryRequest;
import io.wharf.protocol.body.OffsetQueryResponse;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.SendBatchRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.SendResponse;
import io.wharf.protocol.body.TopicRouteRequest;
import io.wharf.protocol.body.TopicRouteResponse;
import io.wharf.protocol.body.UnregisterRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's operations as typed, asynchronous calls: encodes each request body, decodes each response body,
 * and sends to the leader of the broker group, following it across leader changes ({@link LeaderCall}: NOT_LEADER
 * redirects, elections, lost nodes; {@link LeaderWatch}: a leader gone quiet). Every {@code timeoutMs} is the
 * budget of the whole call, leader changes included. Errors arrive as {@link WharfClientException}s.
 *
 * <p>When a node other than the last one answers as leader, the proxy logs the change once, closes its connection
 * to the old leader (requests still waiting there, such as held pulls, fail and are sent again to the new
 * leader; the old leader forgets this client's registrations and queue locks) and tells its
 * {@link #onLeaderChange} listeners, which re-register with the new leader.
 */
public final class BrokerProxy {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProxy.class);

    private final RemotingClient remoting;
    private final BrokerAddresses addresses;
    private final LeaderWatch watch;
    private final AtomicReference<String> leader = new AtomicReference<>();
    private final List<Runnable> leaderChangeListeners = new CopyOnWriteArrayList<>();
    private volatile long lastHeartbeatMs;

    public BrokerProxy(RemotingClient remoting, BrokerAddresses addresses) {
        this.remoting = remoting;
        this.addresses = addresses;
        this.watch = new LeaderWatch(remoting, addresses);
    }

    /** The address of the node that last answered as leader, or null before any did. */
    public String leader() {
        return leader.get();
    }

    /**
     * Calls {@code listener} after each leader change (not on the first leader found), on an I/O or timer thread:
     * it must not block.
     */
    public void onLeaderChange(Runnable listener) {
        leaderChangeListeners.add(listener);
    }

    /** Stops calling a listener added with {@link #onLeaderChange}. */
    public void removeLeaderChangeListener(Runnable listener) {
        leaderChangeListeners.remove(listener);
    }

    /** The bootstrap list this proxy follows the leader of. */
    public BrokerAddresses addresses() {
        return addresses;
    }

    /** When a heartbeat last succeeded (epoch millis), or 0 before any did. */
    public long lastHeartbeatMs() {
        return lastHeartbeatMs;
    }

    /** A send's outcome: its success status (OK or a flush/replication caveat) and where it was stored. */
    public record SendReply(Status status, SendResponse response) {
    }

    /**
     * A send; after a lost connection it is sent again to the leader, so the message may be stored twice (never
     * lost).
     */
    public CompletableFuture<SendReply> send(SendRequest request, long timeoutMs) {
        return call(Opcode.SEND, request, timeoutMs, true,
            f -> new SendReply(f.status(), SendResponse.decode(f.reader())));
    }

    /**
     * A send that is not sent again once its outcome is unknown (timeout, connection lost after writing); it still
     * follows NOT_LEADER answers and skips nodes it cannot connect to. For a transaction's half message.
     */
    public CompletableFuture<SendReply> sendAtMostOnce(SendRequest request, long timeoutMs) {
        return call(Opcode.SEND, request, timeoutMs, false,
            f -> new SendReply(f.status(), SendResponse.decode(f.reader())));
    }

    public CompletableFuture<SendReply> sendBatch(SendBatchRequest request, long timeoutMs) {
        return call(Opcode.SEND_BATCH, request, timeoutMs,
            f -> new SendReply(f.status(), SendResponse.decode(f.reader())));
    }

    /**
     * Writes a SEND as a one-way frame to the current address: no response, so no way to learn whether it was
     * stored (a follower drops it).
     */
    public CompletableFuture<Void> sendOneWay(SendRequest request) {
        String address = addresses.current();
        return remoting.oneWay(address, Opcode.SEND, request).whenComplete((r, e) -> onFailure(address, e));
    }

    /** A pull; {@code timeoutMs} must exceed the request's long-poll suspend time. */
    public CompletableFuture<PullResponse> pull(PullRequest request, long timeoutMs) {
        return call(Opcode.PULL, request, timeoutMs, f -> PullResponse.decode(f.reader()));
    }

    public CompletableFuture<Void> heartbeat(HeartbeatRequest request, long timeoutMs) {
        return call(Opcode.HEARTBEAT, request, timeoutMs, f -> {
            lastHeartbeatMs = System.currentTimeMillis();
            return null;
        });
    }

    public CompletableFuture<Void> unregister(UnregisterRequest request, long timeoutMs) {
        return call(Opcode.UNREGISTER, request, timeoutMs, f -> null);
    }

    /** The group's live members' client ids, sorted. */
    public CompletableFuture<List<String>> consumerList(String group, long timeoutMs) {
        return call(Opcode.CONSUMER_LIST, new ConsumerListRequest(group), timeoutMs,
            f -> ConsumerListResponse.decode(f.reader()).clientIds());
    }

    public CompletableFuture<OffsetQueryResponse> queryOffset(OffsetQueryRequest request, long timeoutMs) {
        return call(Opcode.OFFSET_QUERY, request, timeoutMs, f -> OffsetQueryResponse.decode(f.reader()));
    }

    public CompletableFuture<Void> commitOffset(OffsetCommitRequest request, long timeoutMs) {
        return call(Opcode.OFFSET_COMMIT, request, timeoutMs, f -> null);
    }

    /** Hands a message the consumer failed on back to the broker (retry topic or DLQ); completes once stored. */
    public CompletableFuture<Void> sendBack(ConsumerSendBackRequest request, long timeoutMs) {
        return call(Opcode.CONSUMER_SEND_BACK, request, timeoutMs, f -> null);
    }

    /** The topic's queue count; fails with UNKNOWN_TOPIC when the broker does not have it. */
    public CompletableFuture<Integer> queueCount(String topic, long timeoutMs) {
        return call(Opcode.TOPIC_ROUTE, new TopicRouteRequest(topic), timeoutMs,
            f -> TopicRouteResponse.decode(f.reader()).queueCount());
    }

    /** Locks or renews the queues for the asking client; the answer lists the queue ids it now holds. */
    public CompletableFuture<List<Integer>> lockQueues(LockQueuesRequest request, long timeoutMs) {
        return call(Opcode.LOCK_QUEUES, request, timeoutMs, f -> LockQueuesResponse.decode(f.reader())
            .lockedQueueIds());
    }

    public CompletableFuture<Void> unlockQueues(LockQueuesRequest request, long timeoutMs) {
        return call(Opcode.UNLOCK_QUEUES, request, timeoutMs, f -> null);
    }

    /** Ends a transaction: commit, roll back, or leave it to the check-back. */
    public CompletableFuture<Void> endTransaction(EndTransactionRequest request, long timeoutMs) {
        return call(Opcode.END_TRANSACTION, request, timeoutMs, f -> null);
    }

    private <T> CompletableFuture<T> call(Opcode opcode, Body body, long timeoutMs, Function<Frame, T> decode) {
        return call(opcode, body, timeoutMs, true, decode);
    }

    private <T> CompletableFuture<T> call(Opcode opcode, Body body, long timeoutMs, boolean repeatable,
                                          Function<Frame, T> decode) {
        // A held pull is silent by design; every other request waiting long on the leader is a sign of trouble.
        LeaderWatch watching = opcode == Opcode.PULL ? null : watch;
        return new LeaderCall(remoting, addresses, opcode, body, timeoutMs, repeatable, watching,
            this::answeredByLeader).run().thenApply(decode);
    }

    /** A node answered as leader; if it is the current address and not the known leader, the leader moved. */
    private void answeredByLeader(String address) {
        String previous = leader.get();
        if (address.equals(previous) || !address.equals(addresses.current())
            || !leader.compareAndSet(previous, address)) {
            return;
        }
        if (previous == null) {
            LOG.debug("broker leader is {}", address);
            return;
        }
        LOG.warn("broker leader moved from {} to {}", previous, address);
        remoting.disconnect(previous);
        for (Runnable listener : leaderChangeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("leader change listener failed", e);
            }
        }
    }

    private void onFailure(String address, Throwable error) {
        if (error instanceof WharfClientException w && w.reason() == WharfClientException.Reason.CONNECTION) {
            addresses.failed(address);
        }
    }
}
