package io.wharf.warehouse.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.wharf.service.testing.Http;
import io.wharf.testkit.Await;
import io.wharf.testkit.ServiceProcess;
import io.wharf.testkit.BrokerGroup;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The change stream on a 3-node broker group: the leader killed mid-stream, and the whole group frozen (binlog-sync
 * keeps retrying the same change, the replication slot holds the WAL and its lag shows) — the copy equals the order
 * database afterwards each time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BrokerFaultsTest {
    private final SyncStack stack = SyncStack.start("brokers", Map.of(), 3);
    private final JsonMapper json = JsonMapper.createDefault();
    private final OrderWriter writer = new OrderWriter(stack);
    private ServiceProcess warehouse;

    @BeforeAll
    void start() throws Exception {
        stack.startBinlog();
        warehouse = stack.startWarehouse("warehouse-a", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private void awaitEqual() {
        Http.Reply[] last = {null};
        Await.until(Duration.ofSeconds(120), () -> Boolean.TRUE.equals((last[0] = new Http(warehouse.url(), json)
            .get("/warehouse/reconcile")).map().get("equal")), () -> "copy differs: " + last[0].text());
    }

    private Map<String, Object> syncStatus() {
        return new Http(stack.binlogUrl(), json).get("/sync/status").map();
    }

    @Test
    @Order(1)
    void theLeaderKilledMidStreamLosesNoChange() throws Exception {
        CompletableFuture<Void> load = writer.writeInBackground("l", 500, 4);
        Await.until(Duration.ofSeconds(60), () -> writer.written.get() >= 120, () -> "load too slow");
        BrokerGroup.Member leader = stack.group.awaitLeader(Duration.ofSeconds(30));
        leader.kill();
        load.get(3, TimeUnit.MINUTES);
        awaitEqual();
        leader.start();
    }

    @Test
    @Order(2)
    void theWholeGroupFrozenHoldsTheChangesInTheSlotUntilItIsBack() throws Exception {
        stack.group.awaitLeader(Duration.ofSeconds(30));
        stack.group.members().forEach(BrokerGroup.Member::pause);
        try {
            writer.write("f", 100, 2);
            Await.until(Duration.ofSeconds(60), () -> syncStatus().get("lastError") != null
                && ((Number) ((Map<?, ?>) syncStatus().get("slot")).get("lagBytes")).longValue() > 0,
                () -> "no failed publish or slot lag while the group is frozen: " + syncStatus());
            assertThat(syncStatus()).containsEntry("engineRunning", true);
        } finally {
            stack.group.members().forEach(BrokerGroup.Member::resume);
        }
        awaitEqual();
    }
}
