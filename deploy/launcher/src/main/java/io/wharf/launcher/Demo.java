package io.wharf.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * {@code start.sh demo}: narrates the seeds' scenarios against the running stack and checks the invariants at the
 * end — orders placed and paid (some paid twice at once), some left to time out, the coupon database refusing
 * connections until the deliveries reach the dead-letter queue and are re-driven, the broker leader killed while
 * orders are paid, and the warehouse reconciled.
 */
final class Demo {
    private static final String ORDERS = "http://127.0.0.1:8090";
    private static final String COUPONS = "http://127.0.0.1:8091";
    private static final String WAREHOUSE = "http://127.0.0.1:8094";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final Operations ops;
    private final List<String> paid = new ArrayList<>();
    private final List<String> unpaid = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis() % 100_000);
    private final java.util.Map<String, String> userOf = new java.util.HashMap<>();
    private int failures;

    Demo(Operations ops) {
        this.ops = ops;
    }

    void run() throws Exception {
        System.out.println("\n=== Demo (run " + run + ") ===");
        say("1. Ten orders placed; seven paid, three of them by two payment callbacks at once; three left unpaid");
        for (int i = 0; i < 10; i++) {
            String id = place("demo" + run + "-" + i);
            if (i < 7) {
                if (i < 3) {
                    CompletableFuture<JsonNode> twice = CompletableFuture.supplyAsync(() -> pay(id));
                    pay(id);
                    twice.join();
                } else {
                    pay(id);
                }
                paid.add(id);
            } else {
                unpaid.add(id);
            }
        }
        awaitCoupons("   each paid order has its coupon", paid);

        say("2. The coupon database refuses connections (seed 004 §2-3): three more orders are paid");
        ops.database("coupons", false);
        List<String> duringOutage = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = place("demo" + run + "-db" + i);
            pay(id);
            duringOutage.add(id);
        }
        paid.addAll(duringOutage);
        await("   the deliveries failed through the retry ladder into the dead-letter queue", Duration.ofSeconds(90),
            () -> get(COUPONS + "/coupons/dead-letters?max=1").path("awaiting").asLong() >= 3);
        ops.database("coupons", true);
        say("   the database is back; re-driving the dead letters");
        JsonNode redriven = post(COUPONS + "/coupons/dead-letters/redrive", "{\"all\":true}");
        say("   re-driven: " + redriven.path("redriven").size());
        awaitCoupons("   the coupons of the outage are issued, once each", duringOutage);

        say("3. The broker leader is killed while twenty orders are placed and paid");
        Child leader = ops.leader();
        leader.kill();
        say("   killed " + leader.name() + " (kill -9)");
        List<String> underFailover = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = place("demo" + run + "-f" + i);
            pay(id);
            underFailover.add(id);
        }
        paid.addAll(underFailover);
        ops.restart(leader);
        say("   " + leader.name() + " restarted; it catches up from the new leader");
        awaitCoupons("   every order paid during the failover has its coupon", underFailover);

        say("4. The unpaid orders time out (the demo's payment window is one minute)");
        await("   all three closed by their delayed checks", Duration.ofSeconds(150),
            () -> unpaid.stream().allMatch(id -> "CLOSED".equals(get(ORDERS + "/orders/" + id).path("status")
                .asText())));

        say("5. Invariants");
        check("every paid order has exactly one coupon", paid.stream().allMatch(id ->
            get(COUPONS + "/coupons?userId=" + userOf.get(id)).size() == 1));
        check("no closed order has a coupon", unpaid.stream().allMatch(id ->
            Probe.status(COUPONS + "/coupons/by-order/" + id) == 404));
        await("   (waiting for the warehouse to catch up)", Duration.ofSeconds(60),
            () -> get(WAREHOUSE + "/warehouse/reconcile").path("equal").asBoolean());
        check("the warehouse equals the order database", get(WAREHOUSE + "/warehouse/reconcile").path("equal")
            .asBoolean());
        check("no sequence number is missing", get(COUPONS + "/admin/sequence-gaps").path("missingNumbers")
            .asLong() == 0);
        System.out.println(failures == 0 ? "=== Demo done: every invariant holds ===\n"
            : "=== Demo done: " + failures + " invariant(s) broken ===\n");
    }

    private void say(String line) {
        System.out.println(line);
    }

    private void check(String what, boolean ok) {
        System.out.println("   [" + (ok ? "ok" : "BROKEN") + "] " + what);
        if (!ok) {
            failures++;
        }
    }

    /** Places an order for a user of its own, so that user's coupons are that order's. */
    private String place(String user) {
        JsonNode o = post(ORDERS + "/orders", "{\"userId\":\"" + user + "\",\"items\":[{\"sku\":\"sku-1\","
            + "\"qty\":1,\"unitPrice\":50.00}]}");
        String id = o.path("orderId").asText();
        if (id.isEmpty()) {
            throw new IllegalStateException("placing an order failed: " + o);
        }
        userOf.put(id, user);
        return id;
    }

    private JsonNode pay(String id) {
        return post(ORDERS + "/orders/" + id + "/payment", "{\"paymentId\":\"pm-" + id + "\",\"amount\":50.00}");
    }

    private void awaitCoupons(String what, List<String> ids) {
        await(what, Duration.ofSeconds(90), () -> ids.stream().allMatch(id ->
            Probe.status(COUPONS + "/coupons/by-order/" + id) == 200));
    }

    private void await(String what, Duration timeout, BooleanSupplier done) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                System.out.printf("%s (%.1f s)%n", what, (System.nanoTime() - start) / 1e9);
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.out.println(what + ": NOT within " + timeout.toSeconds() + " s");
        failures++;
    }

    private JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private JsonNode post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.missingNode();
        }
    }
}
