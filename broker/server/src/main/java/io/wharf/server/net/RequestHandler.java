package io.wharf.server.net;

import java.util.function.LongConsumer;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.Status;
import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireMessage;
import io.wharf.protocol.body.AuthRequest;
import io.wharf.protocol.body.Body;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.ConsumerListRequest;
import io.wharf.protocol.body.ConsumerListResponse;
import io.wharf.protocol.body.EndTransactionRequest;
import io.wharf.protocol.body.ConsumerSendBackRequest;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.protocol.body.LockQueuesRequest;
import io.wharf.protocol.body.LockQueuesResponse;
import io.wharf.protocol.body.OffsetCommitRequest;
import io.wharf.protocol.body.OffsetQueryRequest;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.SendBatchRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.SnapshotReadRequest;
import io.wharf.protocol.body.TopicRouteRequest;
import io.wharf.protocol.body.TopicRouteResponse;
import io.wharf.protocol.body.UnregisterRequest;
import io.wharf.protocol.NotLeader;
import io.wharf.protocol.body.ClusterLeaderResponse;
import io.wharf.raft.RaftMessage;
import io.wharf.server.common.BrokerException;
import io.wharf.server.auth.AccessControl;
import io.wharf.server.cluster.Leadership;
import io.wharf.server.cluster.RaftCodec;
import io.wharf.server.cluster.SnapshotSource;
import io.wharf.store.common.AppendStatus;
import io.wharf.store.MessageStore;
import io.wharf.server.group.ClientRegistry;
import io.wharf.server.lock.QueueLocks;
import io.wharf.server.processor.OffsetProcessor;
import io.wharf.server.processor.SendProcessor;
import io.wharf.server.pull.PullService;
import io.wharf.server.retry.SendBackService;
import io.wharf.server.topic.TopicConfig;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.server.transaction.TransactionService;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Routes each request frame to what serves it and produces the response through {@code reply}. Decoding errors
 * surface as {@link io.wharf.protocol.ProtocolException}, refusals as {@link BrokerException}; the channel
 * handler turns both into error responses.
 */
public final class RequestHandler {
    private static final AttributeKey<String> BORN_HOST = AttributeKey.valueOf("wharf.bornHost");

    private final SendProcessor send;
    private final PullService pull;
    private final OffsetProcessor offsets;
    private final ClientRegistry clients;
    private final QueueLocks locks;
    private final TopicRegistry topics;
    private final Supplier<SendBackService> sendBack;
    private final Supplier<TransactionService> transactions;
    private final MessageStore store;
    private volatile Leadership leadership = Leadership.SINGLE_NODE;
    private volatile Consumer<RaftMessage> raftInbox;
    private volatile SnapshotSource snapshots;
    private volatile String nodeId = "";
    private volatile AccessControl access = AccessControl.open();
    private volatile LongConsumer sendAnswered = start -> { };

    public RequestHandler(SendProcessor send, PullService pull, OffsetProcessor offsets, ClientRegistry clients,
                          QueueLocks locks, TopicRegistry topics, Supplier<SendBackService> sendBack,
                          Supplier<TransactionService> transactions, MessageStore store) {
        this.store = store;
        this.transactions = transactions;
        this.send = send;
        this.pull = pull;
        this.offsets = offsets;
        this.clients = clients;
        this.locks = locks;
        this.topics = topics;
        this.sendBack = sendBack;
    }

    /**
     * Joins a replicated group: RAFT_MESSAGE frames go to {@code raftInbox}, client requests are refused with
     * NOT_LEADER unless {@code leadership} says this node leads, and CLUSTER_LEADER names the leader.
     */
    public void cluster(String self, Leadership group, Consumer<RaftMessage> inbox) {
        this.nodeId = self;
        this.leadership = group;
        this.raftInbox = inbox;
    }

    /** Serves SNAPSHOT_MANIFEST and SNAPSHOT_READ to members rebuilding from this node's store. */
    public void snapshots(SnapshotSource source) {
        this.snapshots = source;
    }

    /** {@code observer} is told the arrival time ({@code System.nanoTime()}) of each send when it is answered. */
    public void sendObserver(LongConsumer observer) {
        this.sendAnswered = observer;
    }

    /** Who may do what: authentication, the ACL, the members' secret (by default only system topics are closed). */
    public void accessControl(AccessControl control) {
        this.access = control;
    }

    /** A response: its status and body. */
    public record Reply(Status status, ByteBuffer body) {
        static Reply ok(Body body) {
            return new Reply(Status.OK, body.toBuffer());
        }

        static Reply empty() {
            return new Reply(Status.OK, ByteBuffer.allocate(0));
        }
    }

    /**
     * Called by a network thread before the requests of one read: sends among them share one force, started by
     * {@link #endOfRead()}, which must follow on the same thread.
     */
    public void startOfRead() {
        send.beginBurst();
    }

    /** Called by a network thread once it handled every request of one read. */
    public void endOfRead() {
        send.endBurst();
    }

    public void handle(Channel channel, Frame frame, Opcode opcode, Consumer<Reply> reply) {
        WireReader r = frame.reader();
        AccessControl acl = access;
        if (opcode == Opcode.AUTH_CHALLENGE) {
            r.end();
            reply.accept(Reply.ok(acl.challenge(channel)));
            return;
        }
        if (opcode == Opcode.AUTH) {
            acl.authenticate(channel, AuthRequest.decode(r));
            reply.accept(Reply.empty());
            return;
        }
        if (opcode == Opcode.RAFT_MESSAGE) {
            acl.raft(channel);
            Consumer<RaftMessage> inbox = raftInbox;
            if (inbox == null) {
                throw new BrokerException(Status.UNSUPPORTED_OPCODE, "this broker is not a member of a group");
            }
            inbox.accept(RaftCodec.decode(r));
            return;
        }
        if (opcode == Opcode.SNAPSHOT_MANIFEST || opcode == Opcode.SNAPSHOT_READ) {
            acl.raft(channel);
            SnapshotSource source = snapshots;
            if (source == null) {
                throw new BrokerException(Status.UNSUPPORTED_OPCODE, "this broker is not a member of a group");
            }
            if (opcode == Opcode.SNAPSHOT_MANIFEST) {
                r.end();
                reply.accept(Reply.ok(source.manifest(String.valueOf(channel.remoteAddress()))));
            } else {
                reply.accept(Reply.ok(source.read(SnapshotReadRequest.decode(r))));
            }
            return;
        }
        acl.client(channel, opcode);
        Leadership group = leadership;
        if (opcode == Opcode.CLUSTER_LEADER) {
            String leader = group.leaderAddress();
            reply.accept(Reply.ok(new ClusterLeaderResponse(nodeId, 0, group.isLeader(),
                leader == null ? "" : leader)));
            return;
        }
        if (!group.isLeader()) {
            throw new BrokerException(Status.NOT_LEADER, NotLeader.message(group.leaderAddress()));
        }
        serveClient(channel, opcode, r, acl, group, reply);
    }

    private void serveClient(Channel channel, Opcode opcode, WireReader r, AccessControl acl, Leadership group,
                             Consumer<Reply> reply) {
        switch (opcode) {
            case SEND -> {
                long start = System.nanoTime();
                SendRequest send = SendRequest.decode(r);
                acl.publish(channel, opcode, send.message().topic());
                LongConsumer observer = sendAnswered;
                sendOrPrepare(send, host(channel))
                    .thenAccept(o -> {
                        reply.accept(new Reply(o.status(), o.response().toBuffer()));
                        observer.accept(start);
                    })
                    .exceptionally(failed(reply));
            }
            case END_TRANSACTION -> transactions().end(EndTransactionRequest.decode(r))
                .thenAccept(v -> reply.accept(Reply.empty()))
                .exceptionally(failed(reply));
            case SEND_BATCH -> {
                SendBatchRequest batch = SendBatchRequest.decode(r);
                for (String topic : batch.messages().stream().map(WireMessage::topic).distinct().toList()) {
                    acl.publish(channel, opcode, topic);
                }
                long start = System.nanoTime();
                LongConsumer observer = sendAnswered;
                send.sendBatch(batch, host(channel))
                    .thenAccept(o -> {
                        reply.accept(new Reply(o.status(), o.response().toBuffer()));
                        observer.accept(start);
                    })
                    .exceptionally(failed(reply));
            }
            case PULL -> {
                PullRequest p = PullRequest.decode(r);
                acl.subscribe(channel, opcode, p.group(), p.topic());
                pull.pull(p, o -> reply.accept(Reply.ok(o)));
            }
            case HEARTBEAT -> {
                HeartbeatRequest h = HeartbeatRequest.decode(r);
                for (ConsumerGroupInfo c : h.consumers()) {
                    for (ConsumerGroupInfo.Subscription s : c.subscriptions()) {
                        acl.subscribe(channel, opcode, c.group(), s.topic());
                    }
                }
                pull.validate(h.consumers());
                clients.heartbeat(h.clientId(), channel, h.consumers(), h.producerGroups());
                sendBack().onHeartbeat(h);
                reply.accept(Reply.empty());
            }
            case UNREGISTER -> {
                UnregisterRequest u = UnregisterRequest.decode(r);
                clients.unregister(u.clientId());
                locks.releaseAll(u.clientId());
                reply.accept(Reply.empty());
            }
            case CONSUMER_LIST -> {
                String g = ConsumerListRequest.decode(r).group();
                acl.group(channel, opcode, g);
                reply.accept(Reply.ok(new ConsumerListResponse(clients.consumersOf(g))));
            }
            case OFFSET_COMMIT -> {
                OffsetCommitRequest c = OffsetCommitRequest.decode(r);
                acl.subscribe(channel, opcode, c.group(), c.topic());
                offsets.commit(c);
                reply.accept(Reply.empty());
            }
            case OFFSET_QUERY -> {
                OffsetQueryRequest q = OffsetQueryRequest.decode(r);
                acl.subscribe(channel, opcode, q.group(), q.topic());
                reply.accept(Reply.ok(offsets.query(q)));
            }
            case TOPIC_ROUTE -> {
                String topic = TopicRouteRequest.decode(r).topic();
                acl.route(channel, opcode, topic);
                reply.accept(Reply.ok(route(topic)));
            }
            case LOCK_QUEUES -> {
                LockQueuesRequest l = LockQueuesRequest.decode(r);
                acl.subscribe(channel, opcode, l.group(), l.topic());
                reply.accept(Reply.ok(new LockQueuesResponse(locks.lock(l.group(), l.topic(), l.clientId(),
                    l.queueIds()))));
            }
            case UNLOCK_QUEUES -> {
                LockQueuesRequest l = LockQueuesRequest.decode(r);
                acl.subscribe(channel, opcode, l.group(), l.topic());
                locks.unlock(l.group(), l.topic(), l.clientId(), l.queueIds());
                reply.accept(Reply.empty());
            }
            case CONSUMER_SEND_BACK -> {
                ConsumerSendBackRequest b = ConsumerSendBackRequest.decode(r);
                acl.group(channel, opcode, b.group());
                sendBack().sendBack(b)
                    .thenCompose(v -> group.stored(AppendStatus.PUT_OK, store.endPosition().index()))
                    .thenAccept(v -> reply.accept(Reply.empty()))
                    .exceptionally(failed(reply));
            }
            default -> throw new BrokerException(Status.UNSUPPORTED_OPCODE, "opcode " + opcode + " is not served");
        }
    }

    private TopicRouteResponse route(String topic) {
        TopicConfig t;
        try {
            t = topics.find(topic).orElseThrow(() -> new BrokerException(Status.UNKNOWN_TOPIC,
                "topic '" + topic + "' does not exist"));
        } catch (IllegalArgumentException e) {
            throw new BrokerException(Status.BAD_REQUEST, e.getMessage());
        }
        return new TopicRouteResponse(t.name(), t.queueCount());
    }

    private CompletableFuture<SendProcessor.Outcome> sendOrPrepare(SendRequest request, String bornHost) {
        if (!TransactionService.isHalf(request)) {
            return send.send(request, bornHost);
        }
        Leadership group = leadership;
        return transactions().prepare(send.validate(request, bornHost), request.producerGroup())
            .thenCompose(o -> o.status() != Status.OK ? CompletableFuture.completedFuture(o)
                : group.stored(AppendStatus.PUT_OK, store.endPosition().index())
                    .thenApply(s -> new SendProcessor.Outcome(s, o.response())));
    }

    private SendBackService sendBack() {
        return sendBack.get();
    }

    private TransactionService transactions() {
        return transactions.get();
    }

    private static Function<Throwable, Void> failed(Consumer<Reply> reply) {
        return e -> {
            reply.accept(ErrorReplies.of(e instanceof CompletionException c && c.getCause() != null
                ? c.getCause() : e));
            return null;
        };
    }

    /** The peer's {@code ip:port}, formatted once per connection (it went into every send's record). */
    private static String host(Channel channel) {
        String host = channel.attr(BORN_HOST).get();
        if (host == null) {
            host = channel.remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(channel.remoteAddress());
            channel.attr(BORN_HOST).set(host);
        }
        return host;
    }
}
