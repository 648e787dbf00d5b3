package io.wharf.protocol.body;

import io.wharf.protocol.ReceivedMessage;
import io.wharf.protocol.WireReader;
import io.wharf.protocol.WireWriter;

/**
 * Broker to producer: what became of this transaction? {@code message} is the half as the producer sent it (its
 * real topic and queue, its properties with {@code TRANSACTION_CHECK_TIMES}); its commit-log offset is
 * {@code halfOffset}. The answer is a {@link CheckTransactionResponse}.
 */
public record CheckTransactionRequest(long halfOffset, String transactionId, ReceivedMessage message)
    implements Body {
    @Override
    public void encode(WireWriter w) {
        w.i64(halfOffset).string(transactionId);
        message.encode(w);
    }

    public static CheckTransactionRequest decode(WireReader r) {
        CheckTransactionRequest body = new CheckTransactionRequest(r.i64(), r.string(), ReceivedMessage.decode(r));
        r.end();
        return body;
    }
}
