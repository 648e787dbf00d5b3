package io.wharf.client.producer;

import io.wharf.protocol.MessageIds;
import io.wharf.client.Message;
import io.wharf.client.WharfClientException;
import io.wharf.client.remoting.ClientRuntime;
import io.wharf.client.remoting.ClientThreads;
import io.wharf.client.remoting.ServerRequestHandler;
import io.wharf.protocol.Frame;
import io.wharf.protocol.Opcode;
import io.wharf.client.ReceivedMessage;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.CheckTransactionRequest;
import io.wharf.protocol.body.CheckTransactionResponse;
import io.wharf.protocol.body.EndTransactionRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends transactional messages: the half message is stored first, invisible to consumers; then the local
 * transaction runs ({@link TransactionListener#executeLocalTransaction}), and its outcome commits the message
 * (delivered once to each consumer group), rolls it back (never delivered) or leaves it UNKNOWN. The broker asks
 * some live producer of the group about a transaction left open ({@link TransactionListener#checkLocalTransaction},
 * on a check thread, over that producer's own connection) until it is decided or the checks run out. Any producer
 * of the group, in any process, may end a transaction with {@link #endTransaction} (e.g. on a payment callback).
 *
 * <p>Thread-safe; {@link #start()} before sending, {@link #shutdown()} when done.
 */
public final class TransactionProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionProducer.class);

    private final TransactionListener listener;
    private final Producer producer;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(
        ClientThreads.daemon("wharf-transaction-check"));

    /** A transaction producer with connections and threads of its own. */
    public TransactionProducer(ProducerConfig config, TransactionListener listener) {
        this(new Producer(config), listener);
    }

    /**
     * A transaction producer on a shared runtime (applications get one from
     * {@code WharfClient.newTransactionProducer}); one per producer group and runtime, since check-backs are
     * routed by group.
     */
    public TransactionProducer(ClientRuntime runtime, ProducerConfig config, TransactionListener listener) {
        this(new Producer(runtime, config), listener);
    }

    private TransactionProducer(Producer producer, TransactionListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.producer = producer;
    }

    /** The producer underneath, e.g. to register hooks before {@link #start()}. */
    public Producer producer() {
        return producer;
    }

    public ProducerConfig config() {
        return producer.config();
    }

    /** Connects and registers the producer group, so the broker can send this producer check-backs. */
    public void start() {
        producer.runtime().registerCheckHandler(producer.config().group(), this::serve);
        try {
            producer.start();
        } catch (RuntimeException e) {
            producer.runtime().unregisterCheckHandler(producer.config().group());
            throw e;
        }
    }

    /**
     * Stores {@code message} as a half, runs the local transaction with {@code arg}, and ends the transaction
     * with its outcome. If ending fails (broker unreachable) the transaction stays open and the check-back
     * decides it.
     *
     * @throws WharfClientException when the half message was not stored (nothing was sent; compensate later).
     *     After a timeout it may have been stored all the same; the check-back then asks about it.
     */
    public TransactionSendResult sendMessageInTransaction(Message message, Object arg) {
        SendResult half = producer.sendHalf(message);
        long halfOffset = MessageIds.parseOffsetId(half.offsetMsgId());
        LocalTransactionState state;
        if (half.sendStatus() != SendStatus.SEND_OK) {
            state = LocalTransactionState.ROLLBACK_MESSAGE;
        } else {
            state = execute(message, arg, half.msgId(), halfOffset);
        }
        try {
            end(half.msgId(), halfOffset, state, false);
        } catch (WharfClientException e) {
            LOG.warn("ending transaction {} with {} failed; the broker's check-back will decide it: {}",
                half.msgId(), state, e.getMessage());
        }
        return new TransactionSendResult(half.sendStatus(), half.msgId(), halfOffset, half.messageQueue(), state);
    }

    private LocalTransactionState execute(Message message, Object arg, String transactionId, long halfOffset) {
        try {
            LocalTransactionState s = listener.executeLocalTransaction(message, arg, transactionId, halfOffset);
            return s == null ? LocalTransactionState.UNKNOWN : s;
        } catch (RuntimeException e) {
            LOG.warn("local transaction {} failed; left to the check-back", transactionId, e);
            return LocalTransactionState.UNKNOWN;
        }
    }

    /**
     * Ends a transaction of this producer's group, whichever producer sent it. Repeating an end is harmless.
     *
     * @throws WharfClientException when the broker refused it (unknown transaction, other group, already ended
     *     the other way) or could not be reached
     */
    public void endTransaction(String transactionId, long halfOffset, LocalTransactionState state) {
        end(transactionId, halfOffset, state, false);
    }

    private void end(String transactionId, long halfOffset, LocalTransactionState state, boolean fromCheck) {
        producer.endTransaction(new EndTransactionRequest(producer.config().group(), transactionId, halfOffset,
            state.wire(), fromCheck));
        traceEnd(transactionId, null, state, fromCheck);
    }

    private void traceEnd(String transactionId, String topic, LocalTransactionState state, boolean fromCheck) {
        producer.transactionEnded(transactionId, topic, state, fromCheck);
    }

    /** Answers the broker's check-backs off the I/O thread; every other broker request is unsupported. */
    private CompletionStage<Frame> serve(Frame request) {
        if (request.opcode() != Opcode.CHECK_TRANSACTION) {
            return CompletableFuture.completedFuture(ServerRequestHandler.unsupported(request));
        }
        CheckTransactionRequest check = CheckTransactionRequest.decode(request.reader());
        return CompletableFuture.supplyAsync(() -> {
            ReceivedMessage half = ReceivedMessage.from(check.message());
            LocalTransactionState state = check(half);
            traceEnd(half.msgId(), half.topic(), state, true);
            return Frame.response(request, Status.OK, new CheckTransactionResponse(state.wire()).toBuffer());
        }, checks);
    }

    private LocalTransactionState check(ReceivedMessage half) {
        try {
            LocalTransactionState s = listener.checkLocalTransaction(half);
            return s == null ? LocalTransactionState.UNKNOWN : s;
        } catch (RuntimeException e) {
            LOG.warn("check of transaction {} failed; answering UNKNOWN", half.msgId(), e);
            return LocalTransactionState.UNKNOWN;
        }
    }

    /** Unregisters, closes the connections and stops the check thread. Idempotent. */
    public void shutdown() {
        producer.runtime().unregisterCheckHandler(producer.config().group());
        producer.shutdown();
        checks.shutdownNow();
    }

    @Override
    public void close() {
        shutdown();
    }
}
