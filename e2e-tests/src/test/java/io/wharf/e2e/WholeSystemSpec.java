package io.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.testkit.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The global invariants after every scenario: the warehouse reconciles with the order database, the change
 * engine runs, no sequence number is missing, nothing waits in the spool or the DLQ — and, last, a launcher
 * killed with SIGKILL leaves no process of the stack behind.
 */
@Order(Integer.MAX_VALUE - 1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WholeSystemSpec {
    @RegisterExtension
    static final BeforeAllCallback STACK = WholeStack::get;

    @Test
    @Order(1)
    void warehouseMatchesOrderDatabaseAfterEverything() {
        WholeStack.Reply[] last = {null};
        Await.until(Duration.ofSeconds(90), () -> (last[0] = WholeStack.get(WholeStack.WAREHOUSE
            + "/warehouse/reconcile")).json().get("equal").asBoolean(), () -> "copy differs: " + last[0]);
        assertThat(WholeStack.get(WholeStack.WAREHOUSE.replace("8094", "8095") + "/warehouse/reconcile").json()
            .get("equal").asBoolean()).as("the second warehouse instance's view").isTrue();
        assertThat(WholeStack.get(WholeStack.BINLOG + "/sync/status").json().get("engineRunning").asBoolean())
            .isTrue();
        // A hole younger than the audit window is not reported yet: wait until every open one closed or aged
        // into the report, then nothing may be missing.
        WholeStack.Reply[] gaps = {null};
        Await.until(WholeStack.AUDIT_WINDOW.plusSeconds(30), () -> (gaps[0] = WholeStack.get(WholeStack.COUPONS
            + "/admin/sequence-gaps")).json().path("openNumbers").asLong() == 0, () -> "still open: " + gaps[0]);
        assertThat(gaps[0].json().path("missingNumbers").asLong()).as("%s", gaps[0].text()).isZero();
        assertThat(LossLedger.spoolPending()).isZero();
        assertThat(LossLedger.deadLettersAwaiting()).isZero();
    }

    @Test
    @Order(2)
    void killedLauncherLeavesNoProcessBehind() throws InterruptedException {
        WholeStack stack = WholeStack.current();
        Map<String, Long> pids = stack.pids();
        assertThat(pids).containsKeys("postgres", "redis", "broker-n1", "broker-n2", "broker-n3", "order-service",
            "coupon-service", "order-timeout", "binlog-sync", "warehouse-a", "warehouse-b");
        stack.killLauncher();
        Await.until(Duration.ofSeconds(90), () -> pids.values().stream().noneMatch(WholeSystemSpec::running),
            () -> "still running: " + pids.entrySet().stream().filter(e -> running(e.getValue())).toList());
    }

    /** Alive and not a zombie waiting for a parent that does not reap (its state in /proc/<pid>/stat). */
    private static boolean running(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
