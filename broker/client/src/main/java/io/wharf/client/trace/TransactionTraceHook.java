package io.wharf.client.trace;

import io.wharf.client.producer.LocalTransactionState;
import io.wharf.client.producer.TransactionHook;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an END_TRANSACTION record for every transaction a producer ends, on its own or answering a check-back. */
public final class TransactionTraceHook implements TransactionHook {
    private final TraceDispatcher dispatcher;

    public TransactionTraceHook(TraceDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void afterEnd(String producerGroup, String clientId, String transactionId, String topic,
                         LocalTransactionState outcome, boolean fromCheck) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("producerGroup", producerGroup);
        f.put("clientId", clientId);
        f.put("transactionId", transactionId);
        f.put("topic", topic);
        f.put("state", outcome.name());
        f.put("fromCheck", fromCheck);
        dispatcher.submit(new TraceRecord(TraceType.END_TRANSACTION, System.currentTimeMillis(), transactionId,
            null, f));
    }
}
