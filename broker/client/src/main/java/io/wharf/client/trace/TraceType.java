package io.wharf.client.trace;

/** What a trace record observed: a send, the start or end of a listener call, or the end of a transaction. */
public enum TraceType {
    /** A message was sent (or failed to be): producer group, where it was stored, cost and status. */
    PUB,
    /** A listener call is about to consume the message: consumer group, client, reconsume count. */
    SUB_BEFORE,
    /** A listener call returned: cost, status, whether it succeeded. */
    SUB_AFTER,
    /** A producer ended a transaction: transaction id, state, and whether it answered a check-back. */
    END_TRANSACTION
}
