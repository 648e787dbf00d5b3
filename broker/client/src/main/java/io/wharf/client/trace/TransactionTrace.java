package io.wharf.client.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds END_TRANSACTION records: a producer ended a transaction, on its own or answering a check-back. */
public final class TransactionTrace {
    private TransactionTrace() {
    }

    /** Submits the record; {@code state} is the local transaction state's name. */
    public static void ended(TraceDispatcher dispatcher, String producerGroup, String clientId,
                             String transactionId, String topic, String state, boolean fromCheck) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("producerGroup", producerGroup);
        f.put("clientId", clientId);
        f.put("transactionId", transactionId);
        f.put("topic", topic);
        f.put("state", state);
        f.put("fromCheck", fromCheck);
        dispatcher.submit(new TraceRecord(TraceType.END_TRANSACTION, System.currentTimeMillis(), transactionId,
            null, f));
    }
}
