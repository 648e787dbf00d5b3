package io.wharf.micronaut.binding;

import io.micronaut.json.JsonMapper;
import io.wharf.client.Message;
import io.wharf.client.WharfClientException;
import io.wharf.client.producer.SendResult;
import io.wharf.micronaut.MessageMetadata;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.PublishResult;
import io.wharf.client.ReceivedMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Translations between the integration's types and the Wharf client's, in one place. */
final class Conversions {
    private Conversions() {
    }

    /** The client message for {@code m}, its payload encoded as JSON unless it is already bytes. */
    static Message message(OutgoingMessage m, JsonMapper json, Map<String, String> extraProperties) {
        Message.Builder b = Message.builder(m.topic()).body(body(m.payload(), json));
        extraProperties.forEach(b::property);
        if (m.tag() != null) {
            b.tags(m.tag());
        }
        if (m.key() != null) {
            b.keys(m.key());
        }
        m.properties().forEach(b::property);
        if (m.delayLevel() > 0) {
            b.delayLevel(m.delayLevel());
        }
        if (m.deliverAt() != null) {
            b.deliverAt(m.deliverAt().toEpochMilli());
        }
        return b.build();
    }

    private static byte[] body(Object payload, JsonMapper json) {
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        try {
            return json.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + payload.getClass().getName() + " as JSON", e);
        }
    }

    static PublishResult result(SendResult r) {
        return new PublishResult(r.msgId(), r.messageQueue().topic(), r.messageQueue().queueId(), r.queueOffset());
    }

    /** A stored-but-less-durably send is a failure that may have stored the message. */
    static PublishException notDurable(SendResult r) {
        return new PublishException("message " + r.msgId() + " stored with status " + r.sendStatus()
            + ", not durably acknowledged", true, null);
    }

    static PublishException failure(String what, RuntimeException e) {
        boolean neverSent = e instanceof WharfClientException w && (w.neverSent() || !w.isTransportFailure());
        return new PublishException(what + " failed: " + e.getMessage(), !neverSent, e);
    }

    /** User properties: the broker's own are named in upper case (TAGS, KEYS, UNIQ_KEY, ...). */
    static Map<String, String> userProperties(Map<String, String> all) {
        Map<String, String> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (!k.equals(k.toUpperCase(java.util.Locale.ROOT))) {
                out.put(k, v);
            }
        });
        return out;
    }

    static MessageMetadata metadata(ReceivedMessage m) {
        String keys = m.keys();
        List<String> keyList = keys == null || keys.isBlank() ? List.of()
            : Arrays.stream(keys.split(" ")).filter(k -> !k.isBlank()).toList();
        return new MessageMetadata(m.msgId(), m.topic(), m.tags(), keyList, m.reconsumeTimes(), m.queueId(),
            m.queueOffset(), m.bornTimestampMs(), userProperties(m.properties()));
    }
}
