package io.wharf.client.producer;

import io.wharf.client.Message;
import io.wharf.client.ReceivedMessage;

/**
 * The application's side of a transactional message: runs the local transaction after the half message is
 * stored, and answers the broker's check-back for a transaction whose end it did not receive.
 */
public interface TransactionListener {
    /**
     * Runs the local transaction (for instance, writes the order) and says how it ended. Return
     * {@link LocalTransactionState#UNKNOWN} to decide later, in {@link #checkLocalTransaction} or by
     * {@link TransactionProducer#endTransaction}; a thrown exception counts as UNKNOWN.
     */
    LocalTransactionState executeLocalTransaction(Message message, Object arg);

    /**
     * Like {@link #executeLocalTransaction(Message, Object)}, also told the stored half's transaction id and
     * offset, for a local transaction that records them (to end the transaction later, elsewhere). The
     * producer calls this one; by default it calls the two-argument method.
     */
    default LocalTransactionState executeLocalTransaction(Message message, Object arg, String transactionId,
                                                          long halfOffset) {
        return executeLocalTransaction(message, arg);
    }

    /**
     * Answers a check-back: what became of the transaction of {@code half}? Its {@code msgId()} is the
     * transaction id, its {@code commitLogOffset()} the half offset, its properties the message's (with
     * {@code TRANSACTION_CHECK_TIMES}). Called on a check thread, never concurrently; an exception counts as
     * UNKNOWN.
     */
    LocalTransactionState checkLocalTransaction(ReceivedMessage half);
}
