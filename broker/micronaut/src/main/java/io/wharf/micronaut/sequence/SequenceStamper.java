package io.wharf.micronaut.sequence;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.wharf.micronaut.OutgoingMessage;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers what this application publishes ({@code wharf.sequence.stamp: true}): each message gets the next number
 * of its stream (this instance, its topic, its tag), so a consumer-side audit can tell a lost message from a late
 * one. The instance id is new on every start (application name and random hex), so numbers never repeat.
 *
 * <p>A message that already carries a stamp keeps it: an application that spools a stamped message and re-sends
 * it later fills the hole its first attempt left.
 */
@Singleton
@Requires(property = "wharf.sequence.stamp", value = "true")
public class SequenceStamper {
    private final String producerId;
    private final Map<String, AtomicLong> streams = new ConcurrentHashMap<>();

    public SequenceStamper(@Value("${micronaut.application.name:wharf}") String applicationName) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.producerId = applicationName + "-" + HexFormat.of().formatHex(random);
    }

    /** This instance's producer id, as stamped on its messages. */
    public String producerId() {
        return producerId;
    }

    /** {@code message} with the next number of its stream, or as it is when it carries a stamp already. */
    public OutgoingMessage stamp(OutgoingMessage message) {
        if (SequenceStamp.of(message.properties()).isPresent()) {
            return message;
        }
        String stream = message.topic() + "/" + (message.tag() == null ? "" : message.tag());
        long n = streams.computeIfAbsent(stream, s -> new AtomicLong()).incrementAndGet();
        Map<String, String> props = new LinkedHashMap<>(message.properties());
        props.put(SequenceStamp.PRODUCER, producerId);
        props.put(SequenceStamp.NUMBER, Long.toString(n));
        return new OutgoingMessage(message.topic(), message.tag(), message.key(), message.payload(), props,
            message.orderKey(), message.delayLevel(), message.deliverAt());
    }

    /**
     * The skip marker for a stamped message whose number will not arrive: same topic, tag and key, an empty JSON
     * body, the stamp and {@link SequenceStamp#SKIP}. Listeners never see it; the audit counts the number as seen.
     */
    public static OutgoingMessage skipMarker(String topic, String tag, String key, SequenceStamp stamp) {
        OutgoingMessage.Builder b = OutgoingMessage.to(topic).tag(tag).key(key).payload("{}".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)).property(SequenceStamp.PRODUCER, stamp.producer())
            .property(SequenceStamp.NUMBER, Long.toString(stamp.number())).property(SequenceStamp.SKIP, "true");
        return b.build();
    }
}
