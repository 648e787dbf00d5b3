package io.wharf.order.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.contracts.Tags;
import io.wharf.contracts.Topics;
import io.wharf.testkit.Await;
import io.wharf.testkit.ChildJvm;
import io.wharf.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * order-service in a child JVM, SIGKILLed after a payment's database transaction committed and before the broker
 * handled its end-transaction (the broker is paused with SIGSTOP meanwhile). Whether the end-transaction had left
 * the dead process (it then waits in the paused broker's socket buffer) or not (then only the check-back, asking
 * the second instance, can commit it), the order is announced as paid exactly once. The check-back path alone is
 * pinned by {@code OrderFlowTest.theCheckBackCommitsAPaymentWhoseEndTransactionNeverHappened}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServiceKilledAfterPaymentTest {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");

    private TestStack stack;
    private final List<Process> services = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    void start() {
        stack = TestStack.start("killed");
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : services) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        stack.close();
    }

    private String startService(String name) throws Exception {
        int port = Ports.free();
        List<String> options = new ArrayList<>();
        for (Map.Entry<String, String> e : stack.properties().entrySet()) {
            options.add("-D" + e.getKey() + "=" + e.getValue());
        }
        options.add("-Dmicronaut.server.port=" + port);
        Path log = stack.dir.resolve(name + ".log");
        Process p = new ProcessBuilder(ChildJvm.command("io.wharf.order.Application", options, List.of()))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        services.add(p);
        String base = "http://127.0.0.1:" + port;
        Await.until(Duration.ofSeconds(60), () -> p.isAlive() && status(base + "/health") == 200,
            () -> name + " not healthy; alive " + p.isAlive() + ", log " + log);
        return base;
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private String orderStatus(String orderId) {
        try (Connection c = DriverManager.getConnection(stack.postgres.jdbcUrl("orders"), "postgres", "postgres");
             PreparedStatement q = c.prepareStatement("SELECT status FROM orders WHERE id = ?")) {
            q.setString(1, orderId);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    @Test
    void aServiceKilledBetweenThePaymentCommitAndTheEndTransactionIsCommittedByTheCheckBack() throws Exception {
        TestStack.Received paid = stack.consume("killed-paid", Topics.ORDER_EVENTS, Tags.ORDER_PAID);
        String first = startService("first");
        HttpResponse<String> placed = post(first + "/orders",
            "{\"userId\":\"u-9\",\"items\":[{\"sku\":\"sku-1\",\"qty\":1,\"unitPrice\":25.00}]}");
        assertThat(placed.statusCode()).isEqualTo(201);
        Matcher m = ORDER_ID.matcher(placed.body());
        assertThat(m.find()).isTrue();
        String orderId = m.group(1);

        stack.signalBroker("STOP");
        Process firstProcess = services.getFirst();
        try {
            CompletableFuture<HttpResponse<String>> payment = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(first + "/orders/" + orderId + "/payment",
                        "{\"paymentId\":\"pay-9\",\"amount\":25.00}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(Duration.ofSeconds(20), () -> "PAID".equals(orderStatus(orderId)),
                () -> "order " + orderStatus(orderId) + ", payment done " + payment.isDone());
            firstProcess.destroyForcibly();
            assertThat(firstProcess.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(payment.handle((r, e) -> e != null || r.statusCode() != 200).get())
                .as("the killed service never confirmed the payment").isTrue();
        } finally {
            stack.signalBroker("CONT");
        }

        startService("second");
        Await.until(Duration.ofSeconds(60), () -> !paid.of(Tags.ORDER_PAID, orderId).isEmpty(),
            () -> "received " + paid.all);
        Await.holdsFor(Duration.ofSeconds(2), () -> paid.of(Tags.ORDER_PAID, orderId).size() == 1,
            () -> "received " + paid.all);
        assertThat(paid.of(Tags.ORDER_PAID, orderId)).as("announced once").hasSize(1);
        assertThat(orderStatus(orderId)).isEqualTo("PAID");
    }
}
