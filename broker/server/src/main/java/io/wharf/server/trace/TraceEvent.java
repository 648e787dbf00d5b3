package io.wharf.server.trace;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a message's timeline: its type, when it happened (epoch ms), the message, the group and client
 * involved (null when none), and type-specific details. Events of the same millisecond are ordered by the type's
 * {@link Kind#rank}, which follows causality: a re-drive precedes the delivery it causes, a delivery precedes the
 * retry or dead-lettering it causes.
 */
record TraceEvent(Kind kind, long timeMs, String msgId, String group, String client, Map<String, Object> details) {

    /** Event types, in their same-millisecond order. */
    enum Kind {
        PUB(0), HALF(1), STORED(1), END_TRANSACTION(2), REDRIVE(3), CONSUME(4), RETRY(5), DLQ(6);

        final int rank;

        Kind(int rank) {
            this.rank = rank;
        }
    }

    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", kind.name());
        m.put("timeMs", timeMs);
        m.put("time", Instant.ofEpochMilli(timeMs).toString());
        m.put("msgId", msgId);
        m.put("group", group);
        m.put("client", client);
        m.put("details", details);
        return m;
    }
}
