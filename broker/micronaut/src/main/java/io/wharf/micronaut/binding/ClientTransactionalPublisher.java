package io.wharf.micronaut.binding;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.wharf.client.Message;
import io.wharf.client.facade.WharfClient;
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
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.micronaut.sequence.SequenceStamper;
import io.micronaut.core.annotation.Nullable;
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
    private final SequenceStamper stamper;
    private final SkipMarkers skips;

    public ClientTransactionalPublisher(WharfClient client, WharfConfiguration wharf, ProducerSettings settings,
                                        TraceSettings trace, JsonMapper json, TransactionChecker checker,
                                        MessageTracing tracing, @Nullable SequenceStamper stamper) {
        this.json = json;
        this.tracing = tracing;
        this.stamper = stamper;
        this.producer = client.newTransactionProducer(WharfClientFactory.producerConfig(wharf, settings, trace,
            settings.getGroup()), new Listener(checker, this));
        this.producer.start();
        this.skips = new SkipMarkers(producer.producer(), json);
    }

    private static HalfMessage.Sequenced sequenced(OutgoingMessage m) {
        return SequenceStamp.of(m.properties()).map(s -> new HalfMessage.Sequenced(s.producer(), s.number(),
            m.topic(), m.tag() == null ? "" : m.tag())).orElse(null);
    }

    @Override
    public HalfMessage publishInTransaction(OutgoingMessage original,
                                            Function<HalfMessage, TransactionDecision> localTransaction) {
        OutgoingMessage message = stamper == null ? original : stamper.stamp(original);
        if (message.orderKey() != null || message.delayLevel() > 0 || message.deliverAt() != null) {
            throw new IllegalArgumentException("a transactional message has no order key, delay or deliver-at");
        }
        Map<String, String> context = new HashMap<>();
        HalfMessage.Sequenced seq = sequenced(message);
        LocalCall call = new LocalCall(localTransaction, seq);
        TransactionSendResult r;
        try {
            r = tracing.publish(message.topic(), context, () -> {
                try {
                    return producer.sendMessageInTransaction(Conversions.message(message, json, context), call);
                } catch (RuntimeException e) {
                    throw Conversions.failure("storing the half message on " + message.topic(), e);
                }
            });
        } catch (RuntimeException e) {
            // Not stored, or stored and left to the check-back, which then commits it (a marker is harmless
            // beside the message) or rolls it back.
            skips.skip(message);
            throw e;
        }
        if (r.sendStatus() != SendStatus.SEND_OK) {
            skips.skip(message);
            throw new PublishException("half message stored with status " + r.sendStatus() + "; rolled back",
                false, null);
        }
        // The broker answers again: markers of halves it could not store earlier can go out now.
        skips.drain();
        if (call.rolledBack) {
            skips.skip(message);
        }
        if (call.error != null) {
            throw call.error;
        }
        return new HalfMessage(r.transactionId(), r.halfOffset(), seq);
    }

    @Override
    public void commit(HalfMessage half) {
        end(half, LocalTransactionState.COMMIT_MESSAGE);
    }

    @Override
    public void rollback(HalfMessage half) {
        end(half, LocalTransactionState.ROLLBACK_MESSAGE);
        HalfMessage.Sequenced seq = half.sequence();
        if (seq != null) {
            skips.skip(seq.topic(), seq.tag().isEmpty() ? null : seq.tag(), null, Map.of(
                SequenceStamp.PRODUCER, seq.producer(), SequenceStamp.NUMBER, Long.toString(seq.number())));
        }
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
        private final HalfMessage.Sequenced sequence;
        private RuntimeException error;
        private boolean rolledBack;

        LocalCall(Function<HalfMessage, TransactionDecision> body, HalfMessage.Sequenced sequence) {
            this.body = body;
            this.sequence = sequence;
        }
    }

    /** Runs local transactions and answers check-backs through the application's checker. */
    private static final class Listener implements TransactionListener {
        private final TransactionChecker checker;
        private final ClientTransactionalPublisher publisher;

        Listener(TransactionChecker checker, ClientTransactionalPublisher publisher) {
            this.checker = checker;
            this.publisher = publisher;
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
                TransactionDecision d = call.body.apply(new HalfMessage(transactionId, halfOffset, call.sequence));
                call.rolledBack = d == TransactionDecision.ROLLBACK;
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
            if (d == TransactionDecision.ROLLBACK && publisher.skips != null) {
                publisher.skips.skip(half.topic(), half.tags(), half.keys(), half.properties());
            }
            return state(d == null ? TransactionDecision.UNKNOWN : d);
        }
    }
}
