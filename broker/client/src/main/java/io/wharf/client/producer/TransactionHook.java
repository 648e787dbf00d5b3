package io.wharf.client.producer;

/**
 * Told of every transaction a producer ends, by its own decision or answering a check-back (for trace and
 * metrics). Runs on the thread that ended it: keep it short and never throw.
 */
@FunctionalInterface
public interface TransactionHook {
    /**
     * A transaction of {@code producerGroup} was ended with {@code outcome}.
     *
     * @param topic     the half message's topic when known (a check-back), else null
     * @param fromCheck true when the outcome answered the broker's check-back
     */
    void afterEnd(String producerGroup, String clientId, String transactionId, String topic,
                  LocalTransactionState outcome, boolean fromCheck);
}
