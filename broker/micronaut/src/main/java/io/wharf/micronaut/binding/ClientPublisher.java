package io.wharf.micronaut.binding;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import io.wharf.client.facade.WharfClient;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.SelectMessageQueueByHash;
import io.wharf.client.producer.SendResult;
import io.wharf.client.producer.SendStatus;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.PublishResult;
import io.wharf.micronaut.WharfPublisher;
import io.wharf.micronaut.config.ProducerSettings;
import io.wharf.micronaut.config.TraceSettings;
import io.wharf.micronaut.config.WharfConfiguration;
import io.wharf.micronaut.sequence.SequenceStamper;
import io.micronaut.core.annotation.Nullable;
import io.wharf.client.Message;
import io.wharf.micronaut.tracing.MessageTracing;
import jakarta.annotation.PreDestroy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link WharfPublisher} on the Wharf client: one producer of {@code wharf.producer.group}, created and started with
 * the context (so a bad {@code wharf.*} setting stops the application at start-up, and health knows the leader).
 */
@Context
@Requires(property = "wharf.enabled", notEquals = "false")
@Requires(property = "wharf.producer.group")
public class ClientPublisher implements WharfPublisher {
    private static final SelectMessageQueueByHash BY_KEY = new SelectMessageQueueByHash();

    private final Producer producer;
    private final JsonMapper json;
    private final PublisherMetrics metrics;
    private final MessageTracing tracing;
    private final SequenceStamper stamper;
    private final SkipMarkers skips;

    public ClientPublisher(WharfClient client, WharfConfiguration wharf, ProducerSettings settings,
                           TraceSettings trace, JsonMapper json, PublisherMetrics metrics, MessageTracing tracing,
                           @Nullable SequenceStamper stamper) {
        this.stamper = stamper;
        this.json = json;
        this.metrics = metrics;
        this.tracing = tracing;
        this.producer = client.newProducer(WharfClientFactory.producerConfig(wharf, settings, trace,
            settings.getGroup()));
        this.producer.start();
        this.skips = new SkipMarkers(producer, json);
    }

    @Override
    public PublishResult publish(OutgoingMessage original) {
        OutgoingMessage message = stamper == null ? original : stamper.stamp(original);
        Map<String, String> context = new HashMap<>();
        try {
            PublishResult r = tracing.publish(message.topic(), context, () -> send(message,
                Conversions.message(message, json, context)));
            if (stamper != null) {
                skips.drain();
            }
            return r;
        } catch (RuntimeException e) {
            if (stamper != null && message != original) {
                skips.skip(message);
            }
            throw e;
        }
    }

    private PublishResult send(OutgoingMessage message, Message m) {
        long start = System.nanoTime();
        try {
            SendResult r = message.orderKey() != null ? producer.send(m, BY_KEY, message.orderKey())
                : producer.send(m);
            if (r.sendStatus() != SendStatus.SEND_OK) {
                throw Conversions.notDurable(r);
            }
            metrics.published(message.topic(), System.nanoTime() - start);
            return Conversions.result(r);
        } catch (PublishException e) {
            metrics.failed(message.topic());
            throw e;
        } catch (RuntimeException e) {
            metrics.failed(message.topic());
            throw Conversions.failure("publishing to " + message.topic(), e);
        }
    }

    @Override
    public CompletableFuture<PublishResult> publishAsync(OutgoingMessage original) {
        OutgoingMessage message = stamper == null ? original : stamper.stamp(original);
        long start = System.nanoTime();
        Map<String, String> context = new HashMap<>();
        return tracing.publishAsync(message.topic(), context, () -> {
            Message m = Conversions.message(message, json, context);
            return message.orderKey() != null ? producer.sendAsync(m, BY_KEY, message.orderKey())
                : producer.sendAsync(m);
        }).handle((r, e) -> {
            if (e != null) {
                metrics.failed(message.topic());
                if (stamper != null && message != original) {
                    CompletableFuture.runAsync(() -> skips.skip(message));
                }
                throw Conversions.failure("publishing to " + message.topic(),
                    e instanceof RuntimeException re ? unwrap(re) : new IllegalStateException(e));
            }
            if (r.sendStatus() != SendStatus.SEND_OK) {
                metrics.failed(message.topic());
                throw Conversions.notDurable(r);
            }
            metrics.published(message.topic(), System.nanoTime() - start);
            return Conversions.result(r);
        });
    }

    private static RuntimeException unwrap(RuntimeException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }

    @PreDestroy
    void close() {
        producer.shutdown();
    }
}
