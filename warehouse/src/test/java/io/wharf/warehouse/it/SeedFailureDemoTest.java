package io.wharf.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.wharf.service.testing.Http;
import io.wharf.testkit.Await;
import io.wharf.testkit.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's failure, runnable (seed 004 §4–5): binlog-sync configured to publish round-robin and the warehouse
 * to consume concurrently and apply each change as its statement. Under the same insert-then-update load that
 * {@link WarehouseSyncTest} applies correctly, updates overtake their inserts, are lost, and the reconciliation
 * lists the orders whose copy is wrong.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SeedFailureDemoTest {
    private final SyncStack stack = SyncStack.start("seed-failure",
        Map.of("binlog.queue-selection", "round-robin"));
    private final JsonMapper json = JsonMapper.createDefault();

    @AfterEach
    void stop() throws Exception {
        stack.close();
    }

    private long publishedChanges() {
        return ((Number) new Http(stack.binlogUrl(), json).get("/sync/status").map().get("changes")).longValue();
    }

    @Test
    void roundRobinAndConcurrentApplyingLoseUpdatesAndReconcileShowsWhichOrders() throws Exception {
        stack.startBinlog();
        new OrderWriter(stack).write("rr", 600, 4);
        long[] last = {-1};
        Await.until(Duration.ofSeconds(90), () -> {
            long now = publishedChanges();
            boolean settled = now > 0 && now == last[0];
            last[0] = now;
            return settled;
        }, () -> "binlog-sync still publishing: " + last[0]);
        assertThat(new Http(stack.binlogUrl(), json).get("/sync/status").map())
            .containsEntry("queueSelection", "ROUND_ROBIN");

        ServiceProcess naive = stack.startWarehouse("warehouse-naive", Map.of("warehouse.mode", "naive"));
        Http http = new Http(naive.url(), json);
        long[] seen = {-1};
        Await.until(Duration.ofSeconds(120), () -> {
            String metrics = http.get("/prometheus").text();
            long n = metrics.lines().filter(l -> l.startsWith("warehouse_changes_total"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            boolean done = n >= last[0] && n == seen[0];
            seen[0] = n;
            return done;
        }, () -> "naive warehouse consumed " + seen[0] + " of " + last[0] + " changes");

        Http.Reply report = http.get("/warehouse/reconcile");
        assertThat(report.map()).as(report.text()).containsEntry("equal", false);
        assertThat(((Number) report.map().get("differing")).intValue()).as("orders whose update was lost")
            .isPositive();
        String someId = (String) ((java.util.List<?>) report.map().get("differingIds")).getFirst();
        try (var c = stack.orders(); var rs = c.createStatement().executeQuery("SELECT status, to_char(updated_at "
                + "AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM orders WHERE id = '" + someId + "'")) {
            rs.next();
            Map<String, Object> copy = http.get("/warehouse/orders/" + someId).map();
            String copyUpdated = copy.get("updatedAt") == null ? null
                : java.time.Instant.parse(copy.get("updatedAt").toString()).toString();
            String sourceUpdated = java.time.LocalDateTime.parse(rs.getString(2)).toInstant(java.time.ZoneOffset.UTC)
                .toString();
            assertThat(List.of(String.valueOf(copy.get("status")), String.valueOf(copyUpdated)))
                .as("the copy of " + someId + " has lost an update").isNotEqualTo(List.of(rs.getString(1),
                    sourceUpdated));
        }
    }
}
