package io.wharf.micronaut.tracing;

import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * OpenTelemetry spans for messaging, after the OTel messaging conventions: a PRODUCER span {@code <topic> publish}
 * around each publish, whose W3C trace context ({@code traceparent}, {@code tracestate}) travels in the message's
 * properties; a CONSUMER span {@code <topic> process} around each listener call, a child of that context and
 * linked to it, so one trace follows an order from its HTTP request through the broker into every consumer.
 * Without an {@link OpenTelemetry} bean (micronaut-tracing-opentelemetry off) the spans are no-ops and the
 * properties are not written.
 */
@Singleton
public class MessageTracing {
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

    private static final TextMapSetter<Map<String, String>> SETTER = (carrier, key, value) -> carrier.put(key,
        value);
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public MessageTracing(@Nullable OpenTelemetry openTelemetry) {
        OpenTelemetry otel = openTelemetry == null ? OpenTelemetry.noop() : openTelemetry;
        this.tracer = otel.getTracer("io.wharf.micronaut");
        this.propagator = otel.getPropagators().getTextMapPropagator();
    }

    /**
     * Runs {@code send} in a PRODUCER span and writes the span's context into {@code properties} first.
     *
     * @param properties the outgoing message's extra properties, filled here
     */
    public <T> T publish(String topic, Map<String, String> properties, Supplier<T> send) {
        Span span = tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SYSTEM, "wharf").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "publish")
            .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            propagator.inject(Context.current(), properties, SETTER);
            return send.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Like {@link #publish}, for an asynchronous send: the span ends when the send's future completes. */
    public <T> CompletableFuture<T> publishAsync(String topic, Map<String, String> properties,
                                                 Supplier<CompletableFuture<T>> send) {
        Span span = tracer.spanBuilder(topic + " publish").setSpanKind(SpanKind.PRODUCER)
            .setAttribute(SYSTEM, "wharf").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "publish")
            .startSpan();
        CompletableFuture<T> sent;
        try (Scope ignored = span.makeCurrent()) {
            propagator.inject(Context.current(), properties, SETTER);
            sent = send.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            span.end();
            throw e;
        }
        return sent.whenComplete((r, e) -> {
            if (e != null) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
    }

    /** Opens the CONSUMER span of one delivery; close it when the listener call ended. */
    public Delivery process(String topic, String group, String messageId, Map<String, String> properties) {
        Context producer = propagator.extract(Context.root(), properties, GETTER);
        SpanContext link = Span.fromContext(producer).getSpanContext();
        var builder = tracer.spanBuilder(topic + " process").setSpanKind(SpanKind.CONSUMER).setParent(producer)
            .setAttribute(SYSTEM, "wharf").setAttribute(DESTINATION, topic).setAttribute(OPERATION, "process")
            .setAttribute(GROUP, group).setAttribute(MESSAGE_ID, messageId);
        if (link.isValid()) {
            builder.addLink(link);
        }
        Span span = builder.startSpan();
        return new Delivery(span, span.makeCurrent());
    }

    /** An open CONSUMER span, current on this thread until closed. */
    public static final class Delivery implements AutoCloseable {
        private final Span span;
        private final Scope scope;

        Delivery(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Marks the delivery failed. */
        public void failed(String reason, @Nullable Throwable error) {
            if (error != null) {
                span.recordException(error);
            }
            span.setStatus(StatusCode.ERROR, reason);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
