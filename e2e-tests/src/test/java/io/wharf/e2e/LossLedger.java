package io.wharf.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one scenario intended against what the system did, joined after the scenario: the orders its clients had
 * acknowledged (and the final state each should reach) with the order database, the spool, what the broker
 * stored for each order (OrderPaid messages by key), the coupons, the warehouse copy, the coupon group's lag and
 * its dead letters. Waits until every order has settled (or a deadline passes), then writes
 * {@code target/ledger/<scenario>.json}: missing, duplicated, reordered and stuck orders, the duplicates the system
 * absorbed, the time from the end of the fault to the last order settled, and what the last unsettled orders
 * waited for in the pass before (order status, coupon, warehouse: where recovery time went).
 */
final class LossLedger {
    static final Path DIR = Path.of("target", "ledger");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The final state an order should reach. */
    enum Expect { PAID, CLOSED }

    private final String scenario;
    private final String fault;
    private final Map<String, String> userOf = new ConcurrentHashMap<>();
    private final Map<String, Expect> expected = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger extraCallbacks = new AtomicInteger();
    private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long faultOverNanos = System.nanoTime();
    private volatile java.util.function.IntSupplier absorbedElsewhere = () -> 0;
    private volatile String lastWaitingOn = "{}";

    LossLedger(String scenario, String fault) {
        this.scenario = scenario;
        this.fault = fault;
    }

    /** The same orders under the scenario's name, once the scenario knows how to describe its fault. */
    LossLedger renamed(String newScenario, String newFault) {
        LossLedger copy = new LossLedger(newScenario, newFault);
        copy.userOf.putAll(userOf);
        copy.expected.putAll(expected);
        copy.refused.set(refused.get());
        copy.refusals.addAll(refusals);
        copy.extraCallbacks.set(extraCallbacks.get());
        return copy;
    }

    /** An order the system acknowledged (201 or 202), and the state it should end in. */
    void placed(String orderId, String userId, Expect expect) {
        userOf.put(orderId, userId);
        expected.put(orderId, expect);
    }

    /** A payment answered 409 because the order had been closed first: it should end CLOSED, with no coupon. */
    void closedBeforePayment(String orderId) {
        expected.put(orderId, Expect.CLOSED);
    }

    /** Payment callbacks sent beyond the first for one order (the duplicates the system has to absorb). */
    void duplicateCallbacks(int n) {
        extraCallbacks.addAndGet(n);
    }

    /**
     * Duplicates a consumer absorbed that the ledger cannot see from outside (re-deliveries after a kill), read
     * when the report is joined, e.g. from coupon-service's {@code coupons_deliveries_total{outcome="duplicate"}}.
     */
    void absorbedAsCounted(java.util.function.IntSupplier counter) {
        absorbedElsewhere = counter;
    }

    /** A request the system refused (5xx, no answer): not acknowledged, so not owed, but reported. */
    void refused(String what) {
        refused.incrementAndGet();
        if (refusals.size() < 20) {
            refusals.add(what);
        }
    }

    /** The fault is over (the process restarted, the database back): recovery is timed from here. */
    void faultOver() {
        faultOverNanos = System.nanoTime();
    }

    int size() {
        return expected.size();
    }

    /** The report of one scenario, as written to its JSON file. */
    record Report(String scenario, String fault, int acknowledged, int expectedPaid, int expectedClosed,
                  int refused, List<String> refusals, List<String> missing, List<String> duplicated,
                  List<String> reordered, List<String> stuck, int duplicatesAbsorbed, double recoverySeconds,
                  String lastWaitedFor, long spoolPending, long couponLag, long deadLettersAwaiting) {
        boolean clean() {
            return missing.isEmpty() && duplicated.isEmpty() && reordered.isEmpty() && stuck.isEmpty();
        }
    }

    /** Waits up to {@code within} for every order to settle, then joins everything and writes the report. */
    Report settle(Duration within) {
        Set<String> open = new HashSet<>(expected.keySet());
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Integer> waitingOn = new TreeMap<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                Map<String, java.util.concurrent.Future<String>> checks = new HashMap<>();
                open.forEach(id -> checks.put(id, pool.submit(() -> unsettled(id))));
                Map<String, Integer> pass = new TreeMap<>();
                checks.forEach((id, check) -> {
                    String reason = join(check);
                    if (reason == null) {
                        open.remove(id);
                    } else {
                        pass.merge(reason, 1, Integer::sum);
                    }
                });
                if (!open.isEmpty()) {
                    waitingOn.clear();
                    waitingOn.putAll(pass);
                    pause();
                }
            }
        }
        lastWaitingOn = waitingOn.toString();
        while (System.nanoTime() < deadline && !quiet()) {
            pause();
        }
        double recovery = (System.nanoTime() - faultOverNanos) / 1e9;
        Report report = join(recovery);
        write(report);
        return report;
    }

    /** {@code null} once the order has settled, else what it still waits for (order, coupon, warehouse). */
    private String unsettled(String id) {
        JsonNode order = json(WholeStack.tryGet(WholeStack.ORDERS + "/orders/" + id));
        if (order == null || !expected.get(id).name().equals(order.path("status").asText())) {
            return "order status";
        }
        WholeStack.Reply coupon = WholeStack.tryGet(WholeStack.COUPONS + "/coupons/by-order/" + id);
        if (coupon == null || (coupon.status() == 200) != (expected.get(id) == Expect.PAID)) {
            return "coupon";
        }
        JsonNode row = json(WholeStack.tryGet(WholeStack.WAREHOUSE + "/warehouse/orders/" + id));
        return row != null && order.path("status").asText().equals(row.path("status").asText()) ? null
            : "warehouse";
    }

    /** Nothing waits anywhere: the spool is empty and the coupon group has consumed everything. */
    private boolean quiet() {
        return spoolPending() == 0 && couponLag() == 0;
    }

    private Report join(double recovery) {
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        List<String> reordered = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        int absorbed = extraCallbacks.get() + absorbedElsewhere.getAsInt();
        Map<String, Integer> couponsPerOrder = couponsPerOrder();
        for (String id : new TreeSet<>(expected.keySet())) {
            Expect want = expected.get(id);
            JsonNode order = json(WholeStack.tryGet(WholeStack.ORDERS + "/orders/" + id));
            String status = order == null ? "ABSENT" : order.path("status").asText();
            int coupons = couponsPerOrder.getOrDefault(id, 0);
            int stored = orderPaidStored(id);
            JsonNode row = json(WholeStack.tryGet(WholeStack.WAREHOUSE + "/warehouse/orders/" + id));
            if (order == null) {
                missing.add(id + ": not in the order database");
            } else if (!want.name().equals(status)) {
                stuck.add(id + ": " + status + ", expected " + want);
            }
            if (want == Expect.PAID && stored == 0) {
                missing.add(id + ": no OrderPaid stored on the broker");
            }
            if (want == Expect.PAID && coupons == 0) {
                missing.add(id + ": paid, no coupon");
            }
            if (coupons > 1 || (want == Expect.CLOSED && coupons > 0)) {
                duplicated.add(id + ": " + coupons + " coupon(s), expected " + (want == Expect.PAID ? 1 : 0));
            }
            if (order != null && row == null) {
                missing.add(id + ": not in the warehouse");
            } else if (order != null && !status.equals(row.path("status").asText())) {
                reordered.add(id + ": warehouse says " + row.path("status").asText() + ", orders " + status);
            }
            absorbed += Math.max(0, stored - 1);
        }
        long spool = spoolPending();
        long lag = couponLag();
        if (spool > 0) {
            stuck.add("spool: " + spool + " message(s) not relayed");
        }
        if (lag > 0) {
            stuck.add("coupon-service: lag " + lag + " on order-events (" + lagViews() + ")");
        }
        return new Report(scenario, fault, expected.size(), count(Expect.PAID), count(Expect.CLOSED),
            refused.get(), List.copyOf(refusals), missing, duplicated, reordered, stuck, absorbed,
            Math.round(recovery * 10) / 10.0, lastWaitingOn, spool, lag, deadLettersAwaiting());
    }

    private int count(Expect e) {
        return (int) expected.values().stream().filter(e::equals).count();
    }

    /** Every coupon of the scenario's users, counted per order (the database's UNIQUE is not taken on trust). */
    private Map<String, Integer> couponsPerOrder() {
        Map<String, Integer> perOrder = new HashMap<>();
        for (String user : new TreeSet<>(userOf.values())) {
            JsonNode list = json(WholeStack.tryGet(WholeStack.COUPONS + "/coupons?limit=500&userId=" + user));
            if (list == null) {
                throw new IllegalStateException("coupon-service does not answer for " + user);
            }
            list.forEach(c -> perOrder.merge(c.path("orderId").asText(), 1, Integer::sum));
        }
        return perOrder;
    }

    /** OrderPaid messages the broker stored with this order's key (skip markers of rolled-back halves excluded). */
    private static int orderPaidStored(String orderId) {
        for (String admin : WholeStack.BROKER_ADMIN.split(",")) {
            JsonNode found = json(WholeStack.tryGet(admin + "/admin/messages?topic=order-events&max=32&key="
                + orderId));
            if (found != null && found.isArray()) {
                int n = 0;
                for (JsonNode m : found) {
                    JsonNode p = m.path("properties");
                    if ("OrderPaid".equals(p.path("TAGS").asText()) && !p.has("wharfSeqSkip")) {
                        n++;
                    }
                }
                return n;
            }
        }
        throw new IllegalStateException("no broker admin endpoint answers");
    }

    static long spoolPending() {
        JsonNode spool = json(WholeStack.tryGet(WholeStack.ORDERS + "/admin/spool"));
        return spool == null ? -1 : spool.path("pending").asLong();
    }

    /**
     * The coupon group's lag on order-events as the broker leader sees it: the leader holds the committed offsets
     * (a follower's copy trails by up to the offset persist interval); -1 when no leader answers.
     */
    static long couponLag() {
        for (String admin : WholeStack.BROKER_ADMIN.split(",")) {
            JsonNode cluster = json(WholeStack.tryGet(admin + "/admin/cluster"));
            if (cluster == null || !"LEADER".equals(cluster.path("role").asText())) {
                continue;
            }
            JsonNode lag = json(WholeStack.tryGet(admin + "/admin/groups/coupon-service/lag?topic=order-events"));
            if (lag != null && lag.has("totalLag")) {
                return lag.path("totalLag").asLong();
            }
        }
        return -1;
    }

    /**
     * Where a lag that does not drain sits, for the report: each broker's role and its queues with lag
     * (queue:max/committed), and what coupon-service's own consumers say (its health details).
     */
    static String lagViews() {
        StringBuilder out = new StringBuilder();
        for (String admin : WholeStack.BROKER_ADMIN.split(",")) {
            JsonNode cluster = json(WholeStack.tryGet(admin + "/admin/cluster"));
            JsonNode lag = json(WholeStack.tryGet(admin + "/admin/groups/coupon-service/lag?topic=order-events"));
            out.append(admin.substring(admin.lastIndexOf(':') + 1)).append(' ')
                .append(cluster == null ? "?" : cluster.path("role").asText()).append(" [");
            if (lag != null) {
                for (JsonNode q : lag.path("queues")) {
                    if (q.path("lag").asLong() > 0) {
                        out.append(q.path("queueId").asInt()).append(':').append(q.path("maxOffset").asLong())
                            .append('/').append(q.path("committedOffset").asLong()).append(' ');
                    }
                }
            }
            out.append("]; ");
        }
        JsonNode health = json(WholeStack.tryGet(WholeStack.COUPONS + "/health"));
        JsonNode client = health == null ? null : health.path("details").path("wharf").path("details");
        out.append("coupon-service client lag ").append(client == null ? "?" : client.path("lag").toString())
            .append(client == null ? "" : " " + client.path("laggingQueues"));
        return out.toString();
    }

    static long deadLettersAwaiting() {
        JsonNode dlq = json(WholeStack.tryGet(WholeStack.COUPONS + "/coupons/dead-letters?max=1"));
        return dlq == null ? -1 : dlq.path("awaiting").asLong();
    }

    private static JsonNode json(WholeStack.Reply reply) {
        return reply == null || reply.status() != 200 ? null : reply.json();
    }

    private void write(Report report) {
        try {
            Files.createDirectories(DIR);
            JSON.writeValue(DIR.resolve(scenario + ".json").toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the ledger of " + scenario, e);
        }
    }

    private static String join(java.util.concurrent.Future<String> check) {
        try {
            return check.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return "an answer (" + e.getCause() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
