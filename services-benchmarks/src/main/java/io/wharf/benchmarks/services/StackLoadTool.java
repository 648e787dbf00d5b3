package io.wharf.benchmarks.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.testkit.LatencyRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the whole running stack (README command 1, default ports): N clients place orders and pay most of them
 * (a share is left unpaid, for order-timeout to close) for T seconds; then the tool waits for quiescence and
 * checks the invariants in the order and coupon databases (this run's users only). It reports orders/s,
 * p50/p99 of each call, paid → coupon latency (the coupon's
 * {@code issuedAt} minus the order's payment time, for a sample), commit → warehouse lag (the warehouse's
 * {@code warehouse_commit_lag_seconds} histogram over the run) and the CPU each process of the stack used.
 *
 * <pre>
 * services-benchmarks/stack-load.sh --clients 32 --seconds 300 --unpaid 0.1
 * </pre>
 */
public final class StackLoadTool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "http://127.0.0.1:8090";
    private static final String COUPONS = "http://127.0.0.1:8091";
    private static final List<String> WAREHOUSES = List.of("http://127.0.0.1:8094", "http://127.0.0.1:8095");
    private static final String LAG = "warehouse_commit_lag_seconds_bucket";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final AtomicLong placed = new AtomicLong();
    private final AtomicLong paid = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String[]> paidSample = new ConcurrentLinkedQueue<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final String database;

    private StackLoadTool(String database) {
        this.database = database;
    }

    public static void main(String[] args) throws Exception {
        int clients = 32;
        int seconds = 300;
        double unpaid = 0.1;
        String database = "jdbc:postgresql://127.0.0.1:15432/";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--unpaid" -> unpaid = Double.parseDouble(args[++i]);
                case "--database" -> database = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (--clients 32 --seconds 300 --unpaid 0.1 --database jdbc:postgresql://127.0.0.1:15432/)");
            }
        }
        new StackLoadTool(database).run(clients, seconds, unpaid);
    }

    private void run(int clients, int seconds, double unpaidShare) throws Exception {
        System.out.printf("Whole-stack load (run %s): %d clients for %d s, %.0f %% of the orders left unpaid%n",
            run, clients, seconds, unpaidShare * 100);
        Map<Double, Double> lagBefore = lagBuckets();
        StackCpu cpu = StackCpu.sample();
        List<LatencyRecorder> creates = new ArrayList<>();
        List<LatencyRecorder> pays = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                LatencyRecorder create = new LatencyRecorder();
                LatencyRecorder pay = new LatencyRecorder();
                creates.add(create);
                pays.add(pay);
                int client = c;
                threads.submit(() -> client(client, end, unpaidShare, create, pay));
            }
            threads.shutdown();
            long last = 0;
            while (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                double t = (System.nanoTime() - start) / 1e9;
                long now = placed.get();
                System.out.printf("  %4.0f s  %,8d orders (last 10 s %,.0f/s, average %,.0f/s), %,d paid, "
                    + "%d errors%n", t, now, (now - last) / 10.0, now / t, paid.get(), errors.get());
                last = now;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuShare = cpu.since();
        LatencyRecorder.Percentiles create = LatencyRecorder.summarize(creates);
        LatencyRecorder.Percentiles pay = LatencyRecorder.summarize(pays);
        System.out.printf("%nLoad done: %,d orders in %.0f s = %,.1f orders/s (%,d paid, %d errors)%n",
            placed.get(), wall, placed.get() / wall, paid.get(), errors.get());
        System.out.printf("  POST /orders   p50 %.1f ms, p99 %.1f ms%n", create.p50Ns() / 1e6, create.p99Ns() / 1e6);
        System.out.printf("  POST /payment  p50 %.1f ms, p99 %.1f ms%n", pay.p50Ns() / 1e6, pay.p99Ns() / 1e6);
        System.out.println("  CPU over the run (share of one core):");
        cpuShare.forEach((name, share) -> System.out.printf("    %-16s %5.0f %%%n", name, share * 100));

        System.out.println("\nWaiting for quiescence (every paid order's coupon, every unpaid order closed) ...");
        long quietBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        RunState state = state();
        while ((state.couponOrders().size() < state.paidIds().size() || state.pending() > 0)
            && System.nanoTime() < quietBy) {
            System.out.printf("  coupons %,d of %,d paid orders; %,d orders still waiting for payment or close%n",
                state.couponOrders().size(), state.paidIds().size(), state.pending());
            Thread.sleep(5000);
            state = state();
        }
        List<Long> couponLatency = couponLatencies();
        boolean reconciled = awaitReconciled(quietBy);
        Map<Double, Double> lagAfter = lagBuckets();
        System.out.printf("%npaid → coupon (sample of %d): p50 %d ms, p99 %d ms%n", couponLatency.size(),
            percentile(couponLatency, 0.5), percentile(couponLatency, 0.99));
        System.out.printf("commit → warehouse apply (histogram of both instances): p50 ≤ %s s, p99 ≤ %s s%n",
            bucketQuantile(lagBefore, lagAfter, 0.5), bucketQuantile(lagBefore, lagAfter, 0.99));
        System.out.println("\nInvariants (from the databases, this run's users only):");
        java.util.Set<String> couponSet = new java.util.HashSet<>(state.couponOrders());
        int broken = 0;
        broken += check("orders PAID in the database = payments answered 200 (" + state.paidIds().size() + " = "
            + paid.get() + ")", state.paidIds().size() == paid.get());
        broken += check("exactly one coupon per paid order and none for another (" + state.couponOrders().size()
            + " coupons, " + couponSet.size() + " orders)", state.couponOrders().size() == couponSet.size()
            && couponSet.equals(state.paidIds()));
        broken += check("every unpaid order CLOSED (" + state.closed() + " closed, " + state.pending()
            + " pending)", state.pending() == 0);
        broken += check("the warehouse reconciles with the order database", reconciled);
        broken += check("the spool is empty", get(ORDERS + "/admin/spool").path("pending").asLong() == 0);
        broken += check("no sequence number missing", get(COUPONS + "/admin/sequence-gaps").path("missingNumbers")
            .asLong() == 0);
        System.out.println(broken == 0 ? "every invariant holds" : broken + " invariant(s) broken");
        System.exit(broken == 0 ? 0 : 1);
    }

    /** What the databases hold for this run's users. */
    private record RunState(java.util.Set<String> paidIds, List<String> couponOrders, long pending, long closed) {
    }

    private RunState state() throws java.sql.SQLException {
        java.util.Set<String> paidIds = new java.util.HashSet<>();
        long[] pendingClosed = new long[2];
        query("orders", "SELECT id, status FROM orders WHERE user_id LIKE ?", r -> {
            switch (r.getString(2)) {
                case "PAID" -> paidIds.add(r.getString(1));
                case "CLOSED" -> pendingClosed[1]++;
                default -> pendingClosed[0]++;
            }
        });
        List<String> couponOrders = new ArrayList<>();
        query("coupons", "SELECT order_id FROM coupons WHERE user_id LIKE ?", r -> couponOrders.add(r.getString(1)));
        return new RunState(paidIds, couponOrders, pendingClosed[0], pendingClosed[1]);
    }

    /** One row handler of {@link #query}. */
    private interface Row {
        void accept(java.sql.ResultSet row) throws java.sql.SQLException;
    }

    /** Runs {@code sql} in {@code db} with this run's user pattern as its one parameter, row by row. */
    private void query(String db, String sql, Row row) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database + db, "postgres", "postgres");
             java.sql.PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, "load-" + run + "-%");
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    row.accept(r);
                }
            }
        }
    }

    private Void client(int client, long end, double unpaidShare, LatencyRecorder create, LatencyRecorder pay) {
        while (System.nanoTime() < end) {
            try {
                long t0 = System.nanoTime();
                JsonNode order = post(ORDERS + "/orders", "{\"userId\":\"load-" + run + "-" + client
                    + "\",\"items\":"
                    + "[{\"sku\":\"sku-1\",\"qty\":1,\"unitPrice\":30.00}]}");
                create.record(System.nanoTime() - t0);
                long n = placed.incrementAndGet();
                String id = order.path("orderId").asText();
                if (ThreadLocalRandom.current().nextDouble() < unpaidShare) {
                    continue;
                }
                long t1 = System.nanoTime();
                JsonNode paidOrder = post(ORDERS + "/orders/" + id + "/payment", "{\"paymentId\":\"pm-" + id
                    + "\",\"amount\":30.00}");
                pay.record(System.nanoTime() - t1);
                paid.incrementAndGet();
                if (n % 20 == 0 && paidSample.size() < 5000) {
                    paidSample.add(new String[] {id, paidOrder.path("updatedAt").asText()});
                }
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
        return null;
    }

    private List<Long> couponLatencies() throws Exception {
        List<Long> ms = new ArrayList<>();
        for (String[] s : paidSample) {
            JsonNode coupon = get(COUPONS + "/coupons/by-order/" + s[0]);
            if (coupon.has("issuedAt")) {
                ms.add(Duration.between(Instant.parse(s[1]), Instant.parse(coupon.path("issuedAt").asText()))
                    .toMillis());
            }
        }
        ms.sort(null);
        return ms;
    }

    private boolean awaitReconciled(long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            if (get(WAREHOUSES.getFirst() + "/warehouse/reconcile").path("equal").asBoolean()) {
                return true;
            }
            Thread.sleep(2000);
        }
        return false;
    }

    /** Cumulative counts of the commit-lag histogram, both warehouse instances summed, by upper bound. */
    private Map<Double, Double> lagBuckets() throws Exception {
        Map<Double, Double> buckets = new TreeMap<>();
        for (String w : WAREHOUSES) {
            for (String line : text(w + "/prometheus").split("\n")) {
                if (line.startsWith(LAG + "{")) {
                    String le = line.substring(line.indexOf("le=\"") + 4);
                    le = le.substring(0, le.indexOf('"'));
                    double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                    buckets.merge(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                        Double::sum);
                }
            }
        }
        return buckets;
    }

    /** The smallest bucket bound holding {@code q} of the observations made between the two readings. */
    private static String bucketQuantile(Map<Double, Double> before, Map<Double, Double> after, double q) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
            - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return "n/a";
        }
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            if (e.getValue() - before.getOrDefault(e.getKey(), 0.0) >= q * total) {
                return String.format("%.3f", e.getKey());
            }
        }
        return "+Inf";
    }

    private static long percentile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    private static int check(String what, boolean ok) {
        System.out.println("  [" + (ok ? "ok" : "BROKEN") + "] " + what);
        return ok ? 0 : 1;
    }

    private String text(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private JsonNode get(String url) throws Exception {
        String body = text(url);
        return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
    }

    private JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
