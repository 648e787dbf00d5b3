package io.wharf.micronaut.listener;

import io.micronaut.core.type.Argument;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.json.JsonMapper;
import io.wharf.micronaut.MessageMetadata;
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.micronaut.tracing.MessageTracing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener method bound to its bean instance: decodes each delivery into the method's arguments and calls it.
 * Binding-neutral: it knows {@link IncomingMessage}, not any broker client.
 */
public final class BoundListener {
    private static final Logger LOG = LoggerFactory.getLogger(BoundListener.class);

    private final ListenerDefinition definition;
    private final Object bean;
    @SuppressWarnings("rawtypes")
    private final ExecutableMethod method;
    private final JsonMapper json;
    private final ListenerMetrics metrics;
    private final MessageTracing tracing;
    private final Argument<?>[] arguments;

    public BoundListener(ListenerDefinition definition, Object bean, JsonMapper json, ListenerMetrics metrics,
                         MessageTracing tracing) {
        this.tracing = tracing;
        this.definition = definition;
        this.bean = bean;
        this.method = definition.method();
        this.json = json;
        this.metrics = metrics;
        this.arguments = definition.method().getArguments();
        int payloads = 0;
        for (Argument<?> a : arguments) {
            if (a.getType() != MessageMetadata.class) {
                payloads++;
            }
        }
        if (payloads > 1) {
            throw new IllegalStateException("@WharfListener " + definition.name() + " has " + payloads
                + " payload parameters; it may have one, plus a MessageMetadata");
        }
    }

    public ListenerDefinition definition() {
        return definition;
    }

    /**
     * Decodes and calls the method once. A decoding failure is {@link ListenerOutcome#POISON} with its reason;
     * an exception from the method is {@link ListenerOutcome#FAILED}.
     */
    public Result deliver(IncomingMessage message) {
        MessageMetadata meta = message.metadata();
        try (MessageTracing.Delivery span = tracing.process(definition.topic(), definition.group(),
                meta.messageId(), meta.properties())) {
            Result r = call(message);
            if (r.outcome() != ListenerOutcome.CONSUMED) {
                span.failed(r.outcome() + ": " + r.reason(), null);
            }
            return r;
        }
    }

    @SuppressWarnings("unchecked")
    private Result call(IncomingMessage message) {
        if (SequenceStamp.isSkipMarker(message.metadata().properties())) {
            return new Result(ListenerOutcome.CONSUMED, null);
        }
        long start = System.nanoTime();
        Object[] values = new Object[arguments.length];
        try {
            for (int i = 0; i < arguments.length; i++) {
                values[i] = decode(arguments[i], message);
            }
        } catch (IOException | RuntimeException e) {
            String reason = "cannot decode the body of " + message.metadata().messageId() + " as "
                + payloadType() + " for " + definition.name() + ": " + e.getMessage();
            LOG.error("poison message, sent to the dead-letter queue of {}: {}", definition.group(), reason);
            metrics.poison(definition);
            return new Result(ListenerOutcome.POISON, reason);
        }
        try {
            method.invoke(bean, values);
            metrics.consumed(definition, message.metadata().reconsumeTimes(), System.nanoTime() - start);
            return new Result(ListenerOutcome.CONSUMED, null);
        } catch (RuntimeException e) {
            LOG.warn("{} failed on {} (delivery {}); it will be retried", definition.name(),
                message.metadata().messageId(), message.metadata().reconsumeTimes() + 1, e);
            metrics.failed(definition, System.nanoTime() - start);
            return new Result(ListenerOutcome.FAILED, e.toString());
        }
    }

    private Object decode(Argument<?> argument, IncomingMessage message) throws IOException {
        Class<?> type = argument.getType();
        if (type == MessageMetadata.class) {
            return message.metadata();
        }
        if (type == byte[].class) {
            return message.body();
        }
        if (type == String.class) {
            return new String(message.body(), StandardCharsets.UTF_8);
        }
        Object value = json.readValue(message.body(), argument);
        if (value == null) {
            throw new IOException("the body decodes to null");
        }
        return value;
    }

    private String payloadType() {
        for (Argument<?> a : arguments) {
            if (a.getType() != MessageMetadata.class) {
                return a.getTypeName();
            }
        }
        return "nothing";
    }

    /**
     * One delivery's outcome.
     *
     * @param outcome what happened
     * @param reason  why it failed, or null
     */
    public record Result(ListenerOutcome outcome, String reason) {
    }
}
