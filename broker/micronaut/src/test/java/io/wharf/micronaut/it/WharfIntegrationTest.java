package io.wharf.micronaut.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.wharf.testkit.Await;
import io.wharf.testkit.BrokerProcess;
import io.wharf.micronaut.HalfMessage;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.PublishResult;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.micronaut.TransactionalPublisher;
import io.wharf.micronaut.WharfPublisher;
import io.wharf.micronaut.binding.RetryPolicyApplier;
import io.wharf.micronaut.binding.WharfHealthIndicator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * The integration against a real broker process: typed payloads and metadata, exceptions retried through the
 * group's retry policy from configuration, orderly listeners keeping per-key order through failures, poison
 * payloads dead-lettered at once, transactional publishing with the checker bean, health. The broker runs with
 * ACL and admin tokens on: the application authenticates with {@code wharf.access-key}/{@code wharf.secret-key}
 * and applies its retry policies with {@code wharf.admin-token}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class WharfIntegrationTest {
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789";
    private Path dir;
    private BrokerProcess broker;
    private ApplicationContext context;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("wharf-micronaut-it");
        Path accounts = dir.resolve("accounts.json");
        Files.writeString(accounts, "{\"accounts\": [{\"accessKey\": \"it-app\", \"secretKey\": \"it-app-secret\","
            + " \"topics\": {\"*\": \"PUB|SUB\"}, \"groups\": {\"*\": \"SUB\"}}]}");
        broker = BrokerProcess.start(dir.resolve("broker"), List.of("-Dwharf.transaction.check.interval.ms=300",
            "-Dwharf.transaction.check.max=1000", "-Dwharf.acl.enabled=true",
            "-Dwharf.acl.accounts.file=" + accounts, "-Dwharf.admin.token.admin=" + ADMIN_TOKEN));
        createTopic("ordered", 2);
        context = ApplicationContext.run(Map.ofEntries(
            Map.entry("wharf.bootstrap", broker.address()),
            Map.entry("wharf.admin-urls", broker.adminUrl()),
            Map.entry("wharf.access-key", "it-app"),
            Map.entry("wharf.secret-key", "it-app-secret"),
            Map.entry("wharf.admin-token", ADMIN_TOKEN),
            Map.entry("wharf.producer.group", "it-producer"),
            Map.entry("wharf.groups.flaky.retry-delays", "100ms 100ms"),
            Map.entry("wharf.groups.flaky.max-reconsume-times", "5"),
            Map.entry("wharf.consumer.suspend-time", "100ms"),
            Map.entry("otel.traces.exporter", "none"),
            Map.entry("wharf.consumer.virtual-threads", "true"),
            Map.entry("test.listeners", "true")));
    }

    @AfterAll
    void stop() throws Exception {
        if (context != null) {
            context.close();
        }
        broker.close();
    }

    private void createTopic(String name, int queues) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(broker.adminUrl() + "/admin/topics")).header("Authorization", "Bearer " + ADMIN_TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"queues\":" + queues + "}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isBetween(200, 201);
    }

    private String admin(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(broker.adminUrl() + path))
            .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private WharfPublisher publisher() {
        return context.getBean(WharfPublisher.class);
    }

    @Test
    void aTypedPayloadArrivesDecodedWithItsMetadata() {
        PublishResult sent = publisher().publish(OutgoingMessage.to("greetings").tag("Hello").key("k-1")
            .property("origin", "test").payload(new Greeting("k-1", 7)).build());
        TestListeners.Typed typed = context.getBean(TestListeners.Typed.class);
        Await.until(Duration.ofSeconds(20), () -> typed.received.size() == 1, () -> "got " + typed.received);
        assertThat(typed.received).containsExactly(new Greeting("k-1", 7));
        assertThat(typed.onVirtualThread).as("wharf.consumer.virtual-threads").containsExactly(true);
        var m = typed.metadata.getFirst();
        assertThat(m.messageId()).isEqualTo(sent.messageId());
        assertThat(m.key()).isEqualTo("k-1");
        assertThat(m.tag()).isEqualTo("Hello");
        assertThat(m.properties()).containsEntry("origin", "test").doesNotContainKey("UNIQ_KEY");
        assertThat(m.reconsumeTimes()).isZero();
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        Await.until(Duration.ofSeconds(5), () -> meters.find("wharf.listener.consumed").tag("group", "typed")
            .counter() != null, () -> "meters " + meters.getMeters().size());
        assertThat(meters.get("wharf.listener.consumed").tag("group", "typed").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("wharf.listener.latency").tag("group", "typed").timer().count()).isEqualTo(1);
        assertThat(meters.get("wharf.publisher.published").tag("topic", "greetings").counter().count())
            .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void anExceptionIsRetriedThroughTheConfiguredPolicyUntilTheListenerSucceeds() {
        RetryPolicyApplier applier = context.getBean(RetryPolicyApplier.class);
        Await.until(Duration.ofSeconds(20), () -> applier.pending().isEmpty(), () -> "pending " + applier.pending());
        publisher().publish(OutgoingMessage.to("flaky").key("f-1").payload(new Greeting("f-1", 1)).build());
        TestListeners.Flaky flaky = context.getBean(TestListeners.Flaky.class);
        Await.until(Duration.ofSeconds(20), () -> flaky.succeededAtReconsume.size() == 1,
            () -> "attempts " + flaky.attempts);
        assertThat(flaky.succeededAtReconsume).containsExactly(2);
        assertThat(flaky.attempts.get("f-1").get()).isEqualTo(3);
    }

    @Test
    void anOrderlyListenerKeepsEachKeysOrderThroughFailures() {
        for (int n = 0; n < 10; n++) {
            for (String key : List.of("a", "b", "c")) {
                publisher().publish(OutgoingMessage.to("ordered").key(key).orderKey(key)
                    .payload(new Greeting(key, n)).build());
            }
        }
        TestListeners.Ordered ordered = context.getBean(TestListeners.Ordered.class);
        Await.until(Duration.ofSeconds(30), () -> ordered.byKey.values().stream().mapToInt(List::size).sum() == 30,
            () -> "got " + ordered.byKey);
        List<Integer> expected = IntStream.range(0, 10).boxed().toList();
        assertThat(ordered.byKey).containsOnlyKeys("a", "b", "c");
        ordered.byKey.values().forEach(seen -> assertThat(seen).containsExactlyElementsOf(expected));
        assertThat(ordered.failuresLeft.get()).isNegative();
    }

    @Test
    void aPayloadThatCannotBeDecodedIsDeadLetteredAtOnceWithTheReason() throws Exception {
        publisher().publish(OutgoingMessage.to("poisoned").key("p-1")
            .payload("{not json".getBytes(StandardCharsets.UTF_8)).build());
        publisher().publish(OutgoingMessage.to("poisoned").key("p-2").payload(new Greeting("p-2", 2)).build());
        TestListeners.Poisoned poisoned = context.getBean(TestListeners.Poisoned.class);
        Await.until(Duration.ofSeconds(20), () -> poisoned.received.size() == 1, () -> "got " + poisoned.received);
        Await.until(Duration.ofSeconds(20),
            () -> unchecked(() -> admin("/admin/groups/poisoned/dlq")).matches("(?s).*\"dead\"\\s*:\\s*1\\b.*"),
            () -> "dlq " + unchecked(() -> admin("/admin/groups/poisoned/dlq")));
        String dlq = admin("/admin/groups/poisoned/dlq");
        assertThat(dlq).contains("cannot decode the body").contains("Greeting")
            .containsPattern("\"reconsumeTimes\"\\s*:\\s*0");
    }

    @Test
    void aTransactionLeftOpenIsDeliveredOnlyOnceTheCheckerOrTheApplicationCommitsIt() {
        TransactionalPublisher tx = context.getBean(TransactionalPublisher.class);
        TestListeners.Checker checker = context.getBean(TestListeners.Checker.class);
        TestListeners.Announced announced = context.getBean(TestListeners.Announced.class);
        HalfMessage byChecker = tx.publishInTransaction(OutgoingMessage.to("announced").key("t-1")
            .payload(new Greeting("t-1", 1)).build(), half -> TransactionDecision.UNKNOWN);
        HalfMessage byCommit = tx.publishInTransaction(OutgoingMessage.to("announced").key("t-2")
            .payload(new Greeting("t-2", 2)).build(), half -> TransactionDecision.UNKNOWN);
        tx.publishInTransaction(OutgoingMessage.to("announced").key("t-3").payload(new Greeting("t-3", 3)).build(),
            half -> TransactionDecision.ROLLBACK);
        Await.until(Duration.ofSeconds(20), () -> checker.asked.contains("t-1"), () -> "asked " + checker.asked);
        assertThat(announced.keys).isEmpty();
        checker.decisions.put("t-1", TransactionDecision.COMMIT);
        tx.commit(HalfMessage.parse(byCommit.token()));
        Await.until(Duration.ofSeconds(20), () -> announced.keys.size() == 2, () -> "got " + announced.keys);
        assertThat(announced.keys).containsExactlyInAnyOrder("t-1", "t-2");
        assertThat(byChecker.transactionId()).isNotEqualTo(byCommit.transactionId());
    }

    @Test
    void oneTraceFollowsAMessageFromThePublishersSpanIntoTheListener() {
        Tracer tracer = context.getBean(OpenTelemetry.class).getTracer("test");
        Span request = tracer.spanBuilder("POST /orders").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            publisher().publish(OutgoingMessage.to("traced").key("tr-1").payload(new Greeting("tr-1", 1)).build());
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();
        assertThat(request.getSpanContext().isValid()).as("a real SDK, not the no-op").isTrue();
        TestListeners.Traced traced = context.getBean(TestListeners.Traced.class);
        Await.until(Duration.ofSeconds(20), () -> traced.traceIds.size() == 1, () -> "got " + traced.traceIds);
        assertThat(traced.traceIds).containsExactly(traceId);
        assertThat(traced.traceparents.getFirst()).startsWith("00-" + traceId + "-");
    }

    @Test
    void healthIsUpOnceStartedWithoutAnythingPublishedYet() {
        try (ApplicationContext fresh = ApplicationContext.run(Map.of("wharf.bootstrap", broker.address(),
            "wharf.producer.group", "health-only", "otel.traces.exporter", "none"))) {
            WharfHealthIndicator health = fresh.getBean(WharfHealthIndicator.class);
            Await.until(Duration.ofSeconds(10),
                () -> Mono.from(health.getResult()).block().getStatus() == HealthStatus.UP,
                () -> "health " + Mono.from(health.getResult()).block().getDetails());
            HealthResult r = Mono.from(health.getResult()).block();
            assertThat(r.getDetails().toString()).contains(broker.address());
        }
    }

    private interface Io<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(Io<T> io) {
        try {
            return io.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
