package io.wharf.client.producer;

import io.wharf.client.MessageQueue;

/**
 * The outcome of {@link TransactionProducer#sendMessageInTransaction}: where the half message was stored and
 * how the local transaction ended. {@code transactionId} and {@code halfOffset} name the transaction in a later
 * {@link TransactionProducer#endTransaction}.
 *
 * @param sendStatus            how durably the half message was stored
 * @param transactionId         the message's unique id ({@code UNIQ_KEY}), which consumers see as its msgId
 * @param halfOffset            the half message's commit-log offset
 * @param messageQueue          the queue the committed message goes to
 * @param localTransactionState what the local transaction said, as sent to the broker
 */
public record TransactionSendResult(SendStatus sendStatus, String transactionId, long halfOffset,
                                    MessageQueue messageQueue, LocalTransactionState localTransactionState) {
}
