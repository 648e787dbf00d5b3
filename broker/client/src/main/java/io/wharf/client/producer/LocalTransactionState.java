package io.wharf.client.producer;

import io.wharf.protocol.body.TransactionState;

/** What became of a local transaction: commit the message, roll it back, or not known yet (ask again later). */
public enum LocalTransactionState {
    COMMIT_MESSAGE(TransactionState.COMMIT),
    ROLLBACK_MESSAGE(TransactionState.ROLLBACK),
    UNKNOWN(TransactionState.UNKNOWN);

    private final TransactionState wire;

    LocalTransactionState(TransactionState wire) {
        this.wire = wire;
    }

    TransactionState wire() {
        return wire;
    }
}
