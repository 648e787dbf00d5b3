package io.wharf.protocol.body;

import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/** The producer's answer to a check-back: the local transaction's state. */
public record CheckTransactionResponse(TransactionState state) implements Body {
    @Override
    public void encode(WireWriter w) {
        w.u8(state.code());
    }

    public static CheckTransactionResponse decode(WireReader r) {
        CheckTransactionResponse body = new CheckTransactionResponse(TransactionState.of(r.u8()));
        r.end();
        return body;
    }
}
