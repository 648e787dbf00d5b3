package io.wharf.micronaut.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.wharf.micronaut.CheckedHalf;
import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.TransactionChecker;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.micronaut.TransactionalPublisher;
import io.wharf.micronaut.sequence.SequenceStamp;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerProcess;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/sequence-gaps.md: a transactional half the broker could not store leaves a sequence number no message will
 * carry; its skip marker waits until the broker answers again and goes out after the next half it stores, so the
 * consumers' audit sees no hole. A real broker process, frozen with SIGSTOP for the failed publish.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SkipMarkerTest {
    @Test
    void aHalfTheBrokerCouldNotStoreIsAccountedForAfterTheNextHalfItStores() throws Exception {
        Path dir = Files.createTempDirectory("wharf-skip-markers");
        try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"));
             ApplicationContext context = ApplicationContext.run(Map.of(
                 "wharf.bootstrap", broker.address(),
                 "wharf.admin-urls", broker.adminUrl(),
                 "wharf.producer.group", "skip-producer",
                 "wharf.producer.send-timeout", "1s",
                 "wharf.sequence.stamp", "true",
                 "otel.traces.exporter", "none",
                 "test.skip-markers", "true"))) {
            TransactionalPublisher tx = context.getBean(TransactionalPublisher.class);
            tx.commit(tx.publishInTransaction(message("sk-0"), half -> TransactionDecision.UNKNOWN));

            broker.signal("STOP");
            try {
                assertThatThrownBy(() -> tx.publishInTransaction(message("sk-1"),
                    half -> TransactionDecision.UNKNOWN)).isInstanceOf(PublishException.class);
            } finally {
                broker.signal("CONT");
            }
            assertThat(markersOf(broker, "sk-1")).as("nothing can be sent while the broker is frozen").isZero();

            HalfMessage next = tx.publishInTransaction(message("sk-2"), half -> TransactionDecision.UNKNOWN);
            tx.commit(next);
            Await.until(Duration.ofSeconds(20), () -> markersOf(broker, "sk-1") == 1,
                () -> "no skip marker for sk-1's number: " + messagesOf(broker, "sk-1"));
        }
    }

    private static OutgoingMessage message(String key) {
        return OutgoingMessage.to("skip-markers").key(key).tag("Noted").payload(new Greeting(key, 1)).build();
    }

    /** Messages stored with {@code key} that are skip markers. */
    private static long markersOf(BrokerProcess broker, String key) {
        String body = messagesOf(broker, key);
        return body.split("\"" + SequenceStamp.SKIP + "\"", -1).length - 1;
    }

    private static String messagesOf(BrokerProcess broker, String key) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(broker.adminUrl()
                    + "/admin/messages?topic=skip-markers&key=" + key)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The transactional publisher needs a checker; the halves here stay open (UNKNOWN) until committed. */
    @Singleton
    @Requires(property = "test.skip-markers", value = "true")
    static class OpenHalves implements TransactionChecker {
        @Override
        public TransactionDecision check(CheckedHalf half) {
            return TransactionDecision.UNKNOWN;
        }
    }
}
