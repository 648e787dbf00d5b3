package io.wharf.client.remoting;

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
import java.util.function.Function;

/**
 * The broker's operations as typed, asynchronous calls: encodes each request body, decodes each response body,
 * and sends to the current address of the {@link BrokerAddresses}, moving on to the next address when a
 * connection fails. Errors arrive as {@link WharfClientException}s.
 */
public final class BrokerProxy {
    private final RemotingClient remoting;
    private final BrokerAddresses addresses;

    public BrokerProxy(RemotingClient remoting, BrokerAddresses addresses) {
        this.remoting = remoting;
        this.addresses = addresses;
    }

    /** A send's outcome: its success status (OK or a flush/replication caveat) and where it was stored. */
    public record SendReply(Status status, SendResponse response) {
    }

    public CompletableFuture<SendReply> send(SendRequest request, long timeoutMs) {
        return call(Opcode.SEND, request, timeoutMs, f -> new SendReply(f.status(), SendResponse.decode(f.reader())));
    }

    public CompletableFuture<SendReply> sendBatch(SendBatchRequest request, long timeoutMs) {
        return call(Opcode.SEND_BATCH, request, timeoutMs,
            f -> new SendReply(f.status(), SendResponse.decode(f.reader())));
    }

    /** Writes a SEND as a one-way frame: no response, so no way to learn whether it was stored. */
    public CompletableFuture<Void> sendOneWay(SendRequest request) {
        String address = addresses.current();
        return remoting.oneWay(address, Opcode.SEND, request).whenComplete((r, e) -> onFailure(address, e));
    }

    /** A pull; {@code timeoutMs} must exceed the request's long-poll suspend time. */
    public CompletableFuture<PullResponse> pull(PullRequest request, long timeoutMs) {
        return call(Opcode.PULL, request, timeoutMs, f -> PullResponse.decode(f.reader()));
    }

    public CompletableFuture<Void> heartbeat(HeartbeatRequest request, long timeoutMs) {
        return call(Opcode.HEARTBEAT, request, timeoutMs, f -> null);
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
        String address = addresses.current();
        return remoting.request(address, opcode, body, timeoutMs)
            .whenComplete((r, e) -> onFailure(address, e))
            .thenApply(decode);
    }

    private void onFailure(String address, Throwable error) {
        if (error instanceof WharfClientException w && w.reason() == WharfClientException.Reason.CONNECTION) {
            addresses.failed(address);
        }
    }
}
