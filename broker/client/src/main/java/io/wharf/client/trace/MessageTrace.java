package io.wharf.client.trace;

import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;

/**
 * Wires message trace into producers and consumers as hooks: a PUB record after every send, an END_TRANSACTION
 * record for every ended transaction, SUB_BEFORE/SUB_AFTER records around every listener call. Producers and
 * consumers know nothing of trace; {@code WharfClient} attaches it when their configuration enables it, all of
 * a client's traced members sharing one dispatcher (and one internal producer) per trace topic.
 */
public final class MessageTrace {
    private MessageTrace() {
    }

    /** Traces every send and ended transaction of {@code producer}; call before it starts. */
    public static void attach(Producer producer, TraceDispatcher dispatcher) {
        producer.registerSendHook(new SendTraceHook(dispatcher, producer.config().clientId()));
        producer.registerTransactionHook(new TransactionTraceHook(dispatcher));
    }

    /** Traces every listener call of {@code consumer}; call before it starts. */
    public static void attach(PushConsumer consumer, TraceDispatcher dispatcher) {
        consumer.registerConsumeHook(new ConsumeTraceHook(dispatcher, consumer.config().clientId()));
    }
}
