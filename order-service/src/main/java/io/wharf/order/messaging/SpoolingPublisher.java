package io.wharf.order.messaging;

import io.micronaut.core.type.Argument;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.transaction.TransactionDefinition;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.WharfPublisher;
import io.wharf.order.Json;
import io.wharf.order.persistence.SpoolEntry;
import io.wharf.order.persistence.SpoolRepository;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a message, or spools it when the broker group does not store it (seed 001 §4: the whole cluster
 * down). Always called inside the database transaction of the change the message announces, so the change and
 * its message are kept or lost together. While the spool is not empty new messages queue behind it, so the relay
 * delivers them in the order they were produced.
 */
@Singleton
public class SpoolingPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolingPublisher.class);
    private static final Argument<Map<String, String>> PROPERTIES = Argument.mapOf(String.class, String.class);

    private final WharfPublisher publisher;
    private final SpoolRepository spool;
    private final Json json;
    private final Clock clock;

    public SpoolingPublisher(WharfPublisher publisher, SpoolRepository spool, Json json, Clock clock) {
        this.publisher = publisher;
        this.spool = spool;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Publishes {@code message} or writes it to the spool.
     *
     * @param brokerDown true when the caller just saw the broker fail: spool without trying
     * @return true when it was published, false when spooled
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public boolean publishOrSpool(OutgoingMessage message, boolean brokerDown) {
        if (!brokerDown && spool.count() == 0) {
            try {
                publish(message);
                return true;
            } catch (PublishException e) {
                LOG.warn("publishing {} {} failed, spooled: {}", message.tag(), message.key(), e.getMessage());
            }
        }
        spool.save(entry(message));
        return false;
    }

    /**
     * Publishes and waits for the broker group's acknowledgement (at most the producer's send timeout: the client
     * ends every call shortly after its budget).
     *
     * @throws PublishException when it was not acknowledged
     */
    void publish(OutgoingMessage message) {
        publisher.publish(message);
    }

    private SpoolEntry entry(OutgoingMessage m) {
        String payload = m.payload() instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8)
            : json.write(m.payload());
        String properties = m.properties().isEmpty() ? null : json.write(m.properties());
        return new SpoolEntry(null, m.topic(), m.tag(), m.key(), payload, properties, m.orderKey(), m.delayLevel(),
            clock.instant());
    }

    /** The message a spool entry stands for (its body sent as stored). */
    OutgoingMessage message(SpoolEntry e) {
        OutgoingMessage.Builder b = OutgoingMessage.to(e.topic()).tag(e.tag()).key(e.msgKey())
            .payload(e.payload().getBytes(StandardCharsets.UTF_8));
        if (e.properties() != null) {
            json.read(e.properties(), PROPERTIES).forEach(b::property);
        }
        if (e.orderKey() != null) {
            b.orderKey(e.orderKey());
        }
        if (e.delayLevel() > 0) {
            b.delayLevel(e.delayLevel());
        }
        return b.build();
    }
}
