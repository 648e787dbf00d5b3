package io.wharf.server.transaction;

import com.fasterxml.jackson.core.type.TypeReference;
import io.netty.channel.Channel;
import io.wharf.protocol.MessageFlags;
import io.wharf.protocol.Opcode;
import io.wharf.protocol.PropertyNames;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.CheckTransactionRequest;
import io.wharf.protocol.body.CheckTransactionResponse;
import io.wharf.protocol.body.EndTransactionRequest;
import io.wharf.protocol.body.SendRequest;
import io.wharf.protocol.body.SendResponse;
import io.wharf.protocol.body.TransactionState;
import io.wharf.server.common.BrokerException;
import io.wharf.server.group.ClientRegistry;
import io.wharf.server.health.NodeHealth;
import io.wharf.server.common.ChannelRequests;
import io.wharf.server.processor.SendProcessor;
import io.wharf.server.transaction.HalfTable.Due;
import io.wharf.server.transaction.PendingHalf.OpKind;
import io.wharf.server.util.JsonFile;
import io.wharf.store.common.AppendStatus;
import io.wharf.store.MessageStore;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactional messages on the broker: stores half messages, ends transactions (commit appends the real
 * message, rollback only records the end; both as op records in the store, so a repeated end finds the half no
 * longer pending and changes nothing), and asks live producers of a half's group about transactions left open
 * ({@code CHECK_TRANSACTION} over the producer's own connection, round robin), discarding a half whose checks ran
 * out. All state is in the store; {@link #start} rebuilds it (see {@link TransactionRecovery}).
 */
public final class TransactionService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    private static final long CHECK_RESPONSE_TIMEOUT_MS = 3000;
    private static final String PROGRESS_KEY = "halfQueueOffset";

    private static final String CHECK = "transaction check-back";
    private static final String PROGRESS = "transaction check progress";

    private final NodeHealth health;
    private final MessageStore store;
    private final ClientRegistry clients;
    private final InstantSource clock;
    private final HalfTable table;
    private final JsonFile<Map<String, Long>> progressFile;
    private final AtomicInteger roundRobin = new AtomicInteger();
    /** Halves appended but not yet in the table: while any are, the progress must not move past them. */
    private final AtomicInteger preparing = new AtomicInteger();
    private final ScheduledExecutorService checker;
    private long savedProgress;

    private TransactionService(MessageStore store, ClientRegistry clients, InstantSource clock,
                               TransactionConfig config, Path configDir, NodeHealth health) {
        this.health = health;
        this.store = store;
        this.clients = clients;
        this.clock = clock;
        this.table = new HalfTable(config);
        this.progressFile = new JsonFile<>(configDir.resolve("transactions.json"), new TypeReference<>() { });
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-transaction-check");
            t.setDaemon(true);
            return t;
        });
    }

    /** Rebuilds the pending halves from the store and starts checking them. */
    public static TransactionService start(MessageStore store, ClientRegistry clients, InstantSource clock,
                                           TransactionConfig config, Path configDir, NodeHealth health) {
        TransactionService s = new TransactionService(store, clients, clock, config, configDir, health);
        Map<String, Long> saved = s.progressFile.read();
        s.savedProgress = saved == null ? 0L : saved.getOrDefault(PROGRESS_KEY, 0L);
        TransactionRecovery.rebuild(store, s.table, s.savedProgress);
        s.checker.scheduleWithFixedDelay(s::checkOnce, config.tickMs(), config.tickMs(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** True when the message is the half of a transaction. */
    public static boolean isHalf(SendRequest request) {
        return (request.message().flags() & MessageFlags.TRANSACTION_PREPARED) != 0;
    }

    /**
     * Stores a half message: {@code validated} is the message as it would go to its real topic and queue. The
     * response's commit-log offset identifies the half in {@link #end}, together with its {@code UNIQ_KEY}.
     */
    public CompletableFuture<SendProcessor.Outcome> prepare(RecordContent validated, String group) {
        String transactionId = validated.property(PropertyNames.UNIQ_KEY);
        if (transactionId == null || group.isBlank()) {
            throw new BrokerException(Status.BAD_REQUEST, "a half message needs a UNIQ_KEY and a producer group");
        }
        preparing.incrementAndGet();
        return store.append(TransactionRecords.half(validated, group)).thenApply(r -> {
            table.add(new PendingHalf(r.physicalOffset(), r.queueOffset(), transactionId, group,
                r.storeTimestampMs(), 0, 0L));
            return new SendProcessor.Outcome(r.status() == AppendStatus.PUT_OK ? Status.OK : Status.FLUSH_DISK_TIMEOUT,
                new SendResponse(validated.queueId(), r.queueOffset(), r.physicalOffset(), 1));
        }).whenComplete((o, e) -> preparing.decrementAndGet());
    }

    /** Ends a transaction as a producer of its group asks; UNKNOWN leaves it to the check-back. */
    public CompletableFuture<Void> end(EndTransactionRequest request) {
        PendingHalf half = table.get(request.halfOffset());
        if (half == null) {
            return alreadyEnded(request);
        }
        if (!half.transactionId.equals(request.transactionId()) || !half.group.equals(request.producerGroup())) {
            throw new BrokerException(Status.BAD_REQUEST, "half message " + request.halfOffset() + " is transaction "
                + half.transactionId + " of group " + half.group + ", not " + request.transactionId() + " of "
                + request.producerGroup());
        }
        if (request.state() == TransactionState.UNKNOWN) {
            LOG.debug("transaction {} still unknown; left to the check-back", half.transactionId);
            return CompletableFuture.completedFuture(null);
        }
        return finish(half, OpKind.of(request.state()));
    }

    private CompletableFuture<Void> alreadyEnded(EndTransactionRequest request) {
        OpKind recent = table.recentEnd(request.halfOffset());
        if (recent != null && request.state() != TransactionState.UNKNOWN && recent != OpKind.of(request.state())) {
            throw new BrokerException(Status.BAD_REQUEST, "transaction " + request.transactionId()
                + " already ended with " + recent);
        }
        DecodedRecord half = store.readByOffset(request.halfOffset());
        if (!TransactionRecords.isHalf(half)
            || !request.transactionId().equals(half.properties().get(PropertyNames.UNIQ_KEY))) {
            throw new BrokerException(Status.BAD_REQUEST, "no half message of transaction "
                + request.transactionId() + " at offset " + request.halfOffset());
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Ends a half: appends the op record and its consequence (the committed message, the discard copy) as one
     * batch, so recovery can finish an end a crash cut short. Concurrent ends of one half share one outcome.
     */
    private CompletableFuture<Void> finish(PendingHalf half, OpKind kind) {
        CompletableFuture<Void> underWay = table.beginEnd(half, kind);
        if (underWay != null) {
            return underWay;
        }
        CompletableFuture<Void> done = half.ended;
        try {
            DecodedRecord stored = store.readByOffset(half.halfOffset);
            if (stored == null) {
                throw new IllegalStateException("half message " + half.halfOffset + " is no longer in the store");
            }
            List<RecordContent> batch = new ArrayList<>(2);
            batch.add(TransactionRecords.op(half.halfOffset, kind));
            if (kind == OpKind.COMMIT) {
                batch.add(TransactionRecords.committed(stored));
            } else if (kind == OpKind.DISCARD) {
                batch.add(TransactionRecords.discarded(stored, half.checkTimes));
            }
            store.appendAll(batch).whenComplete((r, e) -> settle(half, kind, done, e));
        } catch (RuntimeException e) {
            settle(half, kind, done, e);
        }
        return done;
    }

    private void settle(PendingHalf half, OpKind kind, CompletableFuture<Void> done, Throwable error) {
        if (error == null) {
            table.ended(half);
            LOG.info("transaction {} (half {}) ended: {}", half.transactionId, half.halfOffset, kind);
            done.complete(null);
        } else {
            table.endFailed(half);
            LOG.error("ending transaction {} with {} failed", half.transactionId, kind, error);
            done.completeExceptionally(error);
        }
    }

    /** One pass of the check-back: checks or discards every half that is due. Runs on the checker thread. */
    void checkOnce() {
        try {
            for (Due due : table.due(clock.millis())) {
                if (due.discard()) {
                    LOG.warn("transaction {} (half {}) unresolved after {} checks; discarded", due.half().transactionId,
                        due.half().halfOffset, due.half().checkTimes);
                    finish(due.half(), OpKind.DISCARD);
                } else {
                    check(due.half());
                }
            }
        } catch (RuntimeException e) {
            health.failed(CHECK, e);
            if (store.failed()) {
                LOG.error("the store failed: transaction check-backs stop");
                checker.shutdown();
            }
            return;
        }
        health.succeeded(CHECK);
        try {
            saveProgress();
            health.succeeded(PROGRESS);
        } catch (RuntimeException e) {
            health.failed(PROGRESS, e);
        }
    }

    private void check(PendingHalf half) {
        List<Channel> producers = clients.producersOf(half.group);
        if (producers.isEmpty()) {
            return;
        }
        Channel channel = producers.get(Math.floorMod(roundRobin.getAndIncrement(), producers.size()));
        DecodedRecord stored = store.readByOffset(half.halfOffset);
        if (stored == null) {
            LOG.error("half message {} of transaction {} is no longer in the store", half.halfOffset,
                half.transactionId);
            return;
        }
        table.checkStarted(half, clock.millis());
        CheckTransactionRequest request = new CheckTransactionRequest(half.halfOffset, half.transactionId,
            TransactionRecords.checkView(stored, half.checkTimes));
        store.append(TransactionRecords.op(half.halfOffset, OpKind.CHECK))
            .thenCompose(r -> ChannelRequests.request(channel, Opcode.CHECK_TRANSACTION, request,
                CHECK_RESPONSE_TIMEOUT_MS))
            .whenComplete((frame, error) -> {
                table.checkFinished(half);
                if (error != null) {
                    LOG.info("check of transaction {} via {} failed: {}", half.transactionId, channel.remoteAddress(),
                        error.toString());
                    return;
                }
                TransactionState state = CheckTransactionResponse.decode(frame.reader()).state();
                LOG.debug("check {} of transaction {}: {}", half.checkTimes, half.transactionId, state);
                if (state != TransactionState.UNKNOWN) {
                    finish(half, OpKind.of(state));
                }
            });
    }

    private void saveProgress() {
        if (preparing.get() > 0) {
            return;
        }
        long progress = table.progress();
        if (progress != savedProgress) {
            progressFile.write(Map.of(PROGRESS_KEY, progress));
            savedProgress = progress;
        }
    }

    /** Up to {@code max} discarded half messages from {@code fromOffset} of the discard topic, oldest first. */
    public List<DecodedRecord> discarded(long fromOffset, int max) {
        List<DecodedRecord> out = new ArrayList<>();
        TransactionRecovery.readQueue(store, TransactionRecords.DISCARD_TOPIC, fromOffset, r -> {
            if (out.size() < max) {
                out.add(r);
            }
        });
        return out;
    }

    /** How many half messages wait for their end. */
    public int pendingCount() {
        return table.size();
    }

    @Override
    public void close() {
        checker.shutdownNow();
        try {
            if (checker.awaitTermination(5, TimeUnit.SECONDS)) {
                saveProgress();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
