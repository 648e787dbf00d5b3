package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/**
 * Ends a transaction: the half message stored at {@code halfOffset} whose unique id is {@code transactionId}.
 * Any producer of the half's group may send it; {@code fromCheck} says it answers a check-back (for logs only).
 */
public record EndTransactionRequest(String producerGroup, String transactionId, long halfOffset,
                                    TransactionState state, boolean fromCheck) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.string(producerGroup).string(transactionId).i64(halfOffset).u8(state.code()).bool(fromCheck);
    }

    public static EndTransactionRequest decode(WireReader r) {
        EndTransactionRequest body = new EndTransactionRequest(r.string(), r.string(), r.i64(),
            TransactionState.of(r.u8()), r.bool());
        r.end();
        return body;
    }
}
