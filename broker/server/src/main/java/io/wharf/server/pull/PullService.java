package io.wharf.server.pull;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.wharf.protocol.ReceivedMessage;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.PullStatus;
import io.wharf.store.DispatchListener;
import io.wharf.store.MessageStore;
import io.wharf.store.QueueReadResult;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.queue.QueueKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Answers pulls, holding those that find nothing (long polling): a held pull is answered as soon as the store
 * dispatches a message to its queue, or with NO_NEW_MESSAGE when its suspend time runs out.
 *
 * <p>A pull is filtered by its subscription: a tag expression by the consume queue's tag hash and then the tag, a
 * SQL92 expression on each message's properties (so every message is read). A pull whose messages all fail the
 * filter is answered NO_MATCHED_MESSAGE with a nextOffset past them, so a consumer moves on over any run of
 * messages it does not want; a held pull is woken by any message dispatched to its queue, matching or not.
 */
public final class PullService implements DispatchListener, AutoCloseable {
    public static final int MAX_MESSAGES_PER_PULL = 256;
    public static final int MAX_BYTES_PER_PULL = 8 << 20;

    private final MessageStore store;
    private final long maxSuspendMs;
    private final HashedWheelTimer timer = new HashedWheelTimer(r -> daemon(r, "wharf-pull-timer"), 10,
        TimeUnit.MILLISECONDS);
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> daemon(r, "wharf-pull-notify"));
    private final ConcurrentHashMap<QueueKey, ConcurrentLinkedQueue<HeldPull>> held = new ConcurrentHashMap<>();
    private final FilterCache filters = new FilterCache();

    public PullService(MessageStore store, long maxSuspendMs) {
        this.store = store;
        this.maxSuspendMs = maxSuspendMs;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Answers {@code request} through {@code reply} now, or later if it holds it. */
    public void pull(PullRequest request, Consumer<PullResponse> reply) {
        MessageFilter filter = filters.get(request.expressionType(), request.subscription());
        PullResponse now = read(request, filter);
        long suspendMs = Math.min(request.suspendTimeoutMs(), maxSuspendMs);
        if (now.pullStatus() != PullStatus.NO_NEW_MESSAGE || suspendMs <= 0) {
            reply.accept(now);
            return;
        }
        QueueKey key = new QueueKey(request.topic(), request.queueId());
        HeldPull h = new HeldPull(request, filter, reply, new AtomicBoolean());
        held.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(h);
        h.timeout = timer.newTimeout(t -> answer(key, h), suspendMs, TimeUnit.MILLISECONDS);
        // A message may have been dispatched between the read and the registration: look once more.
        if (store.queueBounds(request.topic(), request.queueId())[1] > request.offset()) {
            answer(key, h);
        }
    }

    /**
     * Refuses (BAD_REQUEST, naming the position of the error) a heartbeat whose subscriptions do not parse, so a
     * bad expression fails when the consumer subscribes rather than on every pull.
     */
    public void validate(List<ConsumerGroupInfo> groups) {
        filters.validate(groups);
    }

    private void answer(QueueKey key, HeldPull h) {
        if (!h.done.compareAndSet(false, true)) {
            return;
        }
        ConcurrentLinkedQueue<HeldPull> q = held.get(key);
        if (q != null) {
            q.remove(h);
        }
        if (h.timeout != null) {
            h.timeout.cancel();
        }
        h.reply.accept(read(h.request, h.filter));
    }

    @Override
    public void onDispatched(String topic, int queueId, long queueOffset) {
        QueueKey key = new QueueKey(topic, queueId);
        ConcurrentLinkedQueue<HeldPull> q = held.get(key);
        if (q != null && !q.isEmpty()) {
            notifier.execute(() -> {
                for (HeldPull h : q) {
                    if (h.request.offset() <= queueOffset) {
                        answer(key, h);
                    }
                }
            });
        }
    }

    /** How many pulls are held now. */
    public int heldCount() {
        return held.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum();
    }

    PullResponse read(PullRequest r, MessageFilter filter) {
        int maxCount = Math.max(1, Math.min(r.maxCount(), MAX_MESSAGES_PER_PULL));
        int maxBytes = Math.max(1, Math.min(r.maxBytes(), MAX_BYTES_PER_PULL));
        QueueReadResult res = store.read(r.topic(), r.queueId(), r.offset(), maxCount, maxBytes, filter);
        return switch (res.status()) {
            case FOUND -> found(res, filter);
            case NO_NEW_MESSAGE -> response(PullStatus.NO_NEW_MESSAGE, res, List.of());
            case NO_MATCHED_MESSAGE -> response(PullStatus.NO_MATCHED_MESSAGE, res, List.of());
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW -> response(PullStatus.OFFSET_MOVED, res, List.of());
            case NO_SUCH_QUEUE -> new PullResponse(r.offset() == 0 ? PullStatus.NO_NEW_MESSAGE
                : PullStatus.OFFSET_MOVED, 0, 0, 0, List.of());
        };
    }

    private static PullResponse found(QueueReadResult res, MessageFilter filter) {
        List<ReceivedMessage> out = new ArrayList<>(res.records().size());
        for (DecodedRecord d : res.decoded()) {
            if (filter.matches(d)) {
                out.add(new ReceivedMessage(d.topic(), d.queueId(), d.queueOffset(), d.physicalOffset(),
                    d.bornTimestampMs(), d.storeTimestampMs(), d.bornHost(), d.reconsumeCount(), d.flags(),
                    d.properties(), d.body()));
            }
        }
        return response(out.isEmpty() ? PullStatus.NO_MATCHED_MESSAGE : PullStatus.FOUND, res, out);
    }

    private static PullResponse response(int status, QueueReadResult res, List<ReceivedMessage> messages) {
        return new PullResponse(status, res.nextOffset(), res.minOffset(), res.maxOffset(), messages);
    }

    @Override
    public void close() {
        timer.stop();
        notifier.shutdownNow();
    }

    private static final class HeldPull {
        final PullRequest request;
        final MessageFilter filter;
        final Consumer<PullResponse> reply;
        final AtomicBoolean done;
        volatile Timeout timeout;

        HeldPull(PullRequest request, MessageFilter filter, Consumer<PullResponse> reply, AtomicBoolean done) {
            this.request = request;
            this.filter = filter;
            this.reply = reply;
            this.done = done;
        }
    }
}
