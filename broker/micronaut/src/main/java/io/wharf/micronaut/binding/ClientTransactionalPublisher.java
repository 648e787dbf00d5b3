package io.wharf.micronaut.binding;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.wharf.client.Message;
import io.wharf.client.WharfClient;
import io.wharf.client.producer.LocalTransactionState;
import io.wharf.client.producer.SendStatus;
import io.wharf.client.producer.TransactionListener;
import io.wharf.client.producer.TransactionProducer;
import io.wharf.client.producer.TransactionSendResult;
import io.wharf.micronaut.CheckedHalf;
import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.TransactionChecker;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.micronaut.TransactionalPublisher;
import io.wharf.micronaut.config.ProducerSettings;
import io.wharf.micronaut.config.TraceSettings;
import io.wharf.micronaut.config.WharfConfiguration;
import io.wharf.client.ReceivedMessage;
import io.wharf.micronaut.tracing.MessageTracing;
import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link TransactionalPublisher} on the Wharf client's transaction producer for {@code wharf.producer.group}.
 * The broker's check-backs reach the application's {@link TransactionChecker}.
 */
@Context
@Requires(property = "wharf.enabled", notEquals = "false")
@Requires(property = "wharf.producer.group")
@Requires(beans = TransactionChecker.class)
public class ClientTransactionalPublisher implements TransactionalPublisher {
    private final TransactionProducer producer;
    private final JsonMapper json;
    private final MessageTracing tracing;

    public ClientTransactionalPublisher(WharfClient client, WharfConfiguration wharf, ProducerSettings settings,
                                        TraceSettings trace, JsonMapper json, TransactionChecker checker,
                                        MessageTracing tracing) {
        this.json = json;
        this.tracing = tracing;
        this.producer = client.newTransactionProducer(WharfClientFactory.producerConfig(wharf, settings, trace,
            settings.getGroup()), new Listener(checker));
        this.producer.start();
    }

    @Override
    public HalfMessage publishInTransaction(OutgoingMessage message,
                                            Function<HalfMessage, TransactionDecision> localTransaction) {
        if (message.orderKey() != null || message.delayLevel() > 0 || message.deliverAt() != null) {
            throw new IllegalArgumentException("a transactional message has no order key, delay or deliver-at");
        }
        Map<String, String> context = new HashMap<>();
        LocalCall call = new LocalCall(localTransaction);
        TransactionSendResult r = tracing.publish(message.topic(), context, () -> {
            try {
                return producer.sendMessageInTransaction(Conversions.message(message, json, context), call);
            } catch (RuntimeException e) {
                throw Conversions.failure("storing the half message on " + message.topic(), e);
            }
        });
        if (r.sendStatus() != SendStatus.SEND_OK) {
            throw new PublishException("half message stored with status " + r.sendStatus() + "; rolled back",
                false, null);
        }
        if (call.error != null) {
            throw call.error;
        }
        return new HalfMessage(r.transactionId(), r.halfOffset());
    }

    @Override
    public void commit(HalfMessage half) {
        end(half, LocalTransactionState.COMMIT_MESSAGE);
    }

    @Override
    public void rollback(HalfMessage half) {
        end(half, LocalTransactionState.ROLLBACK_MESSAGE);
    }

    private void end(HalfMessage half, LocalTransactionState state) {
        try {
            producer.endTransaction(half.transactionId(), half.halfOffset(), state);
        } catch (RuntimeException e) {
            throw Conversions.failure("ending transaction " + half.transactionId() + " with " + state, e);
        }
    }

    @PreDestroy
    void close() {
        producer.shutdown();
    }

    private static LocalTransactionState state(TransactionDecision d) {
        return switch (d) {
            case COMMIT -> LocalTransactionState.COMMIT_MESSAGE;
            case ROLLBACK -> LocalTransactionState.ROLLBACK_MESSAGE;
            case UNKNOWN -> LocalTransactionState.UNKNOWN;
        };
    }

    /** The local transaction of one publish, and what it threw (rethrown to the caller after the send). */
    private static final class LocalCall {
        private final Function<HalfMessage, TransactionDecision> body;
        private RuntimeException error;

        LocalCall(Function<HalfMessage, TransactionDecision> body) {
            this.body = body;
        }
    }

    /** Runs local transactions and answers check-backs through the application's checker. */
    private static final class Listener implements TransactionListener {
        private final TransactionChecker checker;

        Listener(TransactionChecker checker) {
            this.checker = checker;
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, Object arg) {
            throw new IllegalStateException("called with the half's id and offset only");
        }

        @Override
        public LocalTransactionState executeLocalTransaction(Message message, Object arg, String transactionId,
                                                             long halfOffset) {
            LocalCall call = (LocalCall) arg;
            try {
                TransactionDecision d = call.body.apply(new HalfMessage(transactionId, halfOffset));
                return state(d == null ? TransactionDecision.UNKNOWN : d);
            } catch (RuntimeException e) {
                call.error = e;
                return LocalTransactionState.UNKNOWN;
            }
        }

        @Override
        public LocalTransactionState checkLocalTransaction(ReceivedMessage half) {
            TransactionDecision d = checker.check(new CheckedHalf(new HalfMessage(half.msgId(),
                half.commitLogOffset()), Conversions.metadata(half), half.body()));
            return state(d == null ? TransactionDecision.UNKNOWN : d);
        }
    }
}
