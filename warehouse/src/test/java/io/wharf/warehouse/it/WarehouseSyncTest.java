package io.wharf.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.wharf.service.testing.Http;
import io.wharf.testkit.Await;
import io.wharf.testkit.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 004 §4–7 done right, with faults: binlog-sync snapshots the orders that exist when it first starts and
 * publishes every change of an order to the queue of its id, two warehouse instances consume orderly and split the
 * 4 queues, and the copy equals the order database after a clean load, after binlog-sync is killed mid-stream,
 * after a warehouse instance is killed, and after PostgreSQL restarts under the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WarehouseSyncTest {
    private static final Pattern CHANGES = Pattern.compile(
        "warehouse_changes_total\\{[^}]*result=\"(applied|skipped)\"[^}]*} ([0-9.E]+)");

    private final SyncStack stack = SyncStack.start("sync", Map.of());
    private final JsonMapper json = JsonMapper.createDefault();
    private final OrderWriter writer = new OrderWriter(stack);
    private ServiceProcess a;
    private ServiceProcess b;

    /** 50 orders exist before binlog-sync first starts: its initial snapshot must bring them to the copy. */
    @BeforeAll
    void start() throws Exception {
        new OrderWriter(stack).write("pre", 50, 2);
        stack.startBinlog();
        a = stack.startWarehouse("warehouse-a", Map.of());
        b = stack.startWarehouse("warehouse-b", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private Http.Reply reconcile(ServiceProcess via) {
        return new Http(via.url(), json).get("/warehouse/reconcile");
    }

    private void awaitEqual(ServiceProcess via) {
        Http.Reply[] last = {null};
        Await.until(Duration.ofSeconds(120), () -> Boolean.TRUE.equals((last[0] = reconcile(via)).map().get("equal")),
            () -> "copy differs: " + last[0].text());
    }

    /** applied and skipped changes of an instance, from its metrics. */
    private long[] changes(ServiceProcess s) {
        Matcher m = CHANGES.matcher(new Http(s.url(), json).get("/prometheus").text());
        long[] out = new long[2];
        while (m.find()) {
            out["applied".equals(m.group(1)) ? 0 : 1] += (long) Double.parseDouble(m.group(2));
        }
        return out;
    }

    @Test
    @Order(1)
    void aThousandOrdersAreAppliedInCommitOrderByTwoInstances() throws Exception {
        writer.write("o", 1000, 4);
        awaitEqual(a);
        long[] ca = changes(a);
        long[] cb = changes(b);
        assertThat(ca[0]).as("instance a applied changes of its queues").isPositive();
        assertThat(cb[0]).as("instance b applied changes of its queues").isPositive();
        assertThat(ca[1] + cb[1]).as("no change came after a newer one of its row (commit order kept)").isZero();
        Http.Reply report = new Http(a.url(), json).get("/warehouse/reports/daily");
        assertThat(report.items()).isNotEmpty();
        assertThat(((Number) report.items().getLast().get("orders")).longValue()).as("snapshot 50 + streamed 1000")
            .isEqualTo(1050);
        assertThat(new Http(a.url(), json).get("/warehouse/orders/pre-7").map()).as("read by the snapshot")
            .containsEntry("status", "PAID");
        Http.Reply closed = new Http(b.url(), json).get("/warehouse/status-changes/o-2");
        assertThat(closed.items()).as("SQL92 subscriber: only the order's two updates, not its insert")
            .extracting(m -> m.get("status")).containsExactly("PENDING_PAYMENT", "CLOSED");
        Http.Reply status = new Http(stack.binlogUrl(), json).get("/sync/status");
        assertThat(status.map()).containsEntry("engineRunning", true).containsEntry("queueSelection", "BY_ORDER");
        assertThat(((Number) status.map().get("changes")).longValue()).as("5 or 6 changes per order")
            .isGreaterThanOrEqualTo(1000 * 5);
    }

    @Test
    @Order(2)
    void binlogSyncKilledMidStreamLeavesNoGapAndItsDuplicatesAreSkipped() throws Exception {
        CompletableFuture<Void> load = writer.writeInBackground("k", 600, 4);
        Await.until(Duration.ofSeconds(60), () -> writer.written.get() >= 1000 + 150, () -> "load too slow");
        stack.killBinlog();
        stack.startBinlog();
        load.get(3, TimeUnit.MINUTES);
        awaitEqual(b);
    }

    @Test
    @Order(3)
    void aKilledWarehouseInstanceHandsItsQueuesToTheOther() throws Exception {
        CompletableFuture<Void> load = writer.writeInBackground("w", 400, 4);
        Await.until(Duration.ofSeconds(60), () -> writer.written.get() >= 1600 + 100, () -> "load too slow");
        stack.killWarehouse("warehouse-b");
        load.get(3, TimeUnit.MINUTES);
        awaitEqual(a);
    }

    @Test
    @Order(4)
    void theEngineResumesAfterPostgresRestarts() throws Exception {
        stack.restartPostgres();
        Await.until(Duration.ofSeconds(90), () -> stack.binlogStatus("/health") == 200,
            () -> "binlog-sync did not recover");
        writer.write("p", 100, 2);
        awaitEqual(a);
    }
}
