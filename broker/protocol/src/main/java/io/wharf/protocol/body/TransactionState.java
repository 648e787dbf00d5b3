package io.wharf.protocol.body;

import io.wharf.protocol.ProtocolException;
import io.wharf.protocol.Status;

/** How a producer ends a transaction, or what its check-back says: commit, roll back, or not known yet. */
public enum TransactionState {
    /** Not decided: the broker asks again later. */
    UNKNOWN(0),
    /** Deliver the message. */
    COMMIT(1),
    /** Never deliver the message. */
    ROLLBACK(2);

    private final int code;

    TransactionState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static TransactionState of(int code) {
        return switch (code) {
            case 0 -> UNKNOWN;
            case 1 -> COMMIT;
            case 2 -> ROLLBACK;
            default -> throw new ProtocolException(Status.BAD_REQUEST, "unknown transaction state " + code);
        };
    }
}
