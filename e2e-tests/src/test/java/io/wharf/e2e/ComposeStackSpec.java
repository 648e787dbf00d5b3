package io.wharf.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The docker-compose stack (deploy/compose) run for real with podman: images built from Debian packages and the
 * Maven build's jars, {@code up}, an order placed and paid over HTTP, its coupon and its warehouse row, then
 * {@code down}. On a machine that cannot run containers it is reported as skipped, with the reason, never passed;
 * {@code WHARF_COMPOSE_SMOKE=off} skips it on purpose. Runs last: the local stack's ports are free by then.
 */
@Order(Integer.MAX_VALUE)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ComposeStackSpec {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static boolean started;

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeFalse("off".equals(System.getenv("WHARF_COMPOSE_SMOKE")),
            "WHARF_COMPOSE_SMOKE=off: the compose smoke test is switched off");
        int check = smoke("check", 15);
        Assumptions.assumeTrue(check != 3, "containers cannot run on this machine (see the output above)");
        assertThat(check).as("smoke.sh check").isZero();
        started = true;
        assertThat(smoke("up", 15)).as("smoke.sh up").isZero();
    }

    @AfterAll
    static void down() throws Exception {
        if (started) {
            smoke("down", 5);
        }
    }

    @Test
    void orderPlacedAndPaidInContainersGetsItsCouponAndWarehouseRow() {
        Shop.Placed placed = Shop.place("compose-u1", "64.00");
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        assertThat(Shop.pay(placed.orderId(), "64.00", Duration.ofSeconds(30))).isEqualTo(200);
        WholeStack.Reply[] coupon = {null};
        Await.until(Duration.ofSeconds(60), () -> (coupon[0] = WholeStack.tryGet(WholeStack.COUPONS
            + "/coupons/by-order/" + placed.orderId())) != null && coupon[0].status() == 200,
            () -> "no coupon: " + coupon[0]);
        WholeStack.Reply[] row = {null};
        Await.until(Duration.ofSeconds(60), () -> (row[0] = WholeStack.tryGet(WholeStack.WAREHOUSE
            + "/warehouse/orders/" + placed.orderId())) != null && row[0].status() == 200
            && "PAID".equals(row[0].json().path("status").asText()), () -> "no warehouse row: " + row[0]);
        assertThat(WholeStack.get("http://127.0.0.1:8095/warehouse/reconcile").json().path("equal").asBoolean())
            .as("the second warehouse instance reconciles").isTrue();
    }

    /** Runs {@code deploy/compose/smoke.sh <command>}, its output on the test's, and returns its exit code. */
    private static int smoke(String command, int minutes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", ROOT.resolve("deploy/compose/smoke.sh").toString(), command)
            .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println("[compose] " + line);
            }
        }
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("smoke.sh " + command + " did not finish within " + minutes + " min");
        }
        return p.exitValue();
    }
}
