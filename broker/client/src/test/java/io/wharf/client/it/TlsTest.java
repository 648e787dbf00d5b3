package io.wharf.client.it;

import io.wharf.protocol.Status;
import java.nio.file.Files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wharf.client.ClientTls;
import io.wharf.client.Message;
import io.wharf.client.ReceivedMessage;
import io.wharf.client.WharfClientException;
import io.wharf.client.consumer.ConsumeConcurrentlyContext;
import io.wharf.client.consumer.ConsumeConcurrentlyStatus;
import io.wharf.client.consumer.ConsumeFromWhere;
import io.wharf.client.consumer.PushConsumer;
import io.wharf.client.producer.Producer;
import io.wharf.client.producer.ProducerConfig;
import io.wharf.client.producer.SendStatus;
import io.wharf.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker whose port speaks TLS only and requires client certificates, with ACL on, in its own JVM; the
 * certificates come from the documented development CA command (deploy/tls/dev-certs.sh).
 */
class TlsTest extends BrokerTestBase {
    private static final Path DEV_CERTS = Path.of("../../deploy/tls/dev-certs.sh");

    private Path certs;

    @Override
    List<String> brokerOptions() {
        certs = devCertificates(tmp.resolve("tls"));
        Path accounts = tmp.resolve("accounts.json");
        try {
            Files.writeString(accounts, "{\"accounts\": [{\"accessKey\": \"tls-app\", \"secretKey\":"
                + " \"tls-app-secret\", \"topics\": {\"tls-*\": \"PUB|SUB\"}, \"groups\": {\"tls-*\": \"SUB\"}}]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("-Dwharf.tls.enabled=true", "-Dwharf.tls.cert=" + certs.resolve("broker.pem"),
            "-Dwharf.tls.key=" + certs.resolve("broker.key"), "-Dwharf.tls.ca=" + certs.resolve("ca.pem"),
            "-Dwharf.tls.client.auth=require", "-Dwharf.acl.enabled=true", "-Dwharf.acl.accounts.file=" + accounts);
    }

    /** Runs the development CA command into {@code dir}; fails (never skips) without openssl. */
    static Path devCertificates(Path dir) {
        try {
            Process p = new ProcessBuilder("bash", DEV_CERTS.toString(), dir.toString()).redirectErrorStream(true)
                .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("dev-certs.sh failed: " + out);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ClientTls withClientCertificate() {
        return ClientTls.of(certs.resolve("ca.pem"), certs.resolve("client.pem"), certs.resolve("client.key"));
    }

    @Test
    void aClientWithTheCaAndACertificateRoundTripsOverTls() {
        Producer producer = closeAfter(new Producer(ProducerConfig.builder("tls-producers", broker.address())
            .tls(withClientCertificate()).credentials("tls-app", "tls-app-secret").build()));
        producer.start();
        for (int i = 0; i < 5; i++) {
            assertThat(producer.send(Message.builder("tls-orders").keys("k" + i).body(new byte[] {(byte) i})
                .build()).sendStatus()).isEqualTo(SendStatus.SEND_OK);
        }
        Set<String> got = ConcurrentHashMap.newKeySet();
        PushConsumer consumer = consumer(consumerConfig("tls-group", "t-1").tls(withClientCertificate())
            .credentials("tls-app", "tls-app-secret").consumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
            .build());
        consumer.subscribe("tls-orders", "*");
        consumer.registerMessageListener((List<ReceivedMessage> msgs, ConsumeConcurrentlyContext ctx) -> {
            msgs.forEach(m -> got.add(m.keys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        Await.until(Duration.ofSeconds(20), () -> got.size() == 5, () -> "got " + got);
    }

    @Test
    void aPlaintextClientFailsAtOnceWithTlsRequired() {
        Producer producer = closeAfter(new Producer(ProducerConfig.builder("tls-plain", broker.address())
            .sendTimeoutMs(20_000).credentials("tls-app", "tls-app-secret").build()));
        producer.start();
        long start = System.nanoTime();
        assertThatThrownBy(() -> producer.send(Message.builder("tls-orders").body(new byte[] {1}).build()))
            .isInstanceOfSatisfying(WharfClientException.class,
                e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(Status.TLS_REQUIRED));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not a timeout").isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aClientThatTrustsAnotherCaOrHasNoCertificateIsRefusedInTheHandshake() {
        Path other = devCertificates(tmp.resolve("other-ca"));
        for (ClientTls tls : List.of(ClientTls.trusting(other.resolve("ca.pem")),
            ClientTls.trusting(certs.resolve("ca.pem")))) {
            // A TLS refusal is a setting to fix: once every member refused, the send fails with it, well before
            // its send timeout.
            Producer producer = closeAfter(new Producer(ProducerConfig.builder("tls-wrong", broker.address())
                .sendTimeoutMs(20_000).tls(tls).credentials("tls-app", "tls-app-secret").build()));
            producer.start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> producer.send(Message.builder("tls-orders").body(new byte[] {1}).build()))
                .as(tls.toString()).isInstanceOfSatisfying(WharfClientException.class, e -> assertThat(
                    e.isTlsFailure()).as(e.getMessage()).isTrue())
                .satisfies(e -> assertThat(e.getMessage() + " " + e.getCause()).containsIgnoringCase("TLS"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not a timeout").isLessThan(
                Duration.ofSeconds(10));
        }
    }
}
