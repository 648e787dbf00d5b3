package io.wharf.micronaut.binding;

import io.micronaut.json.JsonMapper;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.SendStatus;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.micronaut.sequence.SequenceStamper;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the skip markers that account for numbers whose messages will not come (a failed publish, a rolled-back
 * half). A marker that cannot be sent now (the broker is what failed) waits in memory and goes out after the next
 * publish that succeeds; a process that dies first leaves the hole, which the audit then reports.
 */
final class SkipMarkers {
    private static final Logger LOG = LoggerFactory.getLogger(SkipMarkers.class);
    private static final int MAX_PENDING = 10_000;

    private final Producer producer;
    private final JsonMapper json;
    private final ConcurrentLinkedQueue<OutgoingMessage> pending = new ConcurrentLinkedQueue<>();

    SkipMarkers(Producer producer, JsonMapper json) {
        this.producer = producer;
        this.json = json;
    }

    /** Accounts for the stamp of {@code message} (if it has one): its message will not be delivered. */
    void skip(OutgoingMessage message) {
        skip(message.topic(), message.tag(), message.key(), message.properties());
    }

    void skip(String topic, String tag, String key, Map<String, String> properties) {
        Optional<SequenceStamp> stamp = SequenceStamp.of(properties);
        if (stamp.isEmpty()) {
            return;
        }
        OutgoingMessage marker = SequenceStamper.skipMarker(topic, tag, key, stamp.get());
        if (!trySend(marker)) {
            if (pending.size() < MAX_PENDING) {
                pending.add(marker);
            } else {
                LOG.warn("skip marker for {} #{} dropped (too many pending): the audit will report it",
                    stamp.get().producer(), stamp.get().number());
            }
        }
    }

    /** Sends markers that waited for the broker; called after a publish succeeded. */
    void drain() {
        OutgoingMessage m;
        while ((m = pending.poll()) != null) {
            if (!trySend(m)) {
                pending.add(m);
                return;
            }
        }
    }

    int pendingCount() {
        return pending.size();
    }

    private boolean trySend(OutgoingMessage marker) {
        try {
            return producer.send(Conversions.message(marker, json, Map.of())).sendStatus() == SendStatus.SEND_OK;
        } catch (RuntimeException e) {
            LOG.debug("skip marker not sent yet: {}", e.toString());
            return false;
        }
    }
}
