package io.wharf.coupon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.testkit.Await;
import io.wharf.testkit.ChildJvm;
import io.wharf.testkit.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * coupon-service is killed with SIGKILL while it consumes a stream of 1,000 paid orders and started again: its
 * offsets lag behind its commits, so the restart re-delivers some orders, and the business check turns each of
 * those into nothing. Every paid order ends with exactly one coupon.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CouponServiceKilledTest {
    private static final int ORDERS = 1000;

    private final CouponStack stack = CouponStack.start("killed");
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
        stack.close();
    }

    private Process startService(String name) throws Exception {
        int port = Ports.free();
        List<String> options = new ArrayList<>();
        for (Map.Entry<String, String> e : stack.properties().entrySet()) {
            options.add("-D" + e.getKey() + "=" + e.getValue());
        }
        options.add("-Dmicronaut.server.port=" + port);
        Path log = stack.dir.resolve(name + ".log");
        Process p = new ProcessBuilder(ChildJvm.command("io.wharf.coupon.Application", options, List.of()))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        String health = "http://127.0.0.1:" + port + "/health";
        Await.until(Duration.ofSeconds(60), () -> p.isAlive() && status(health) / 100 == 2,
            () -> name + " not healthy; alive " + p.isAlive() + ", log " + log);
        return p;
    }

    private static int status(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Test
    void killedMidConsumptionAndRestartedEveryPaidOrderHasExactlyOneCoupon() throws Exception {
        Process first = startService("coupon-1");
        AtomicInteger published = new AtomicInteger();
        Thread publisher = Thread.ofPlatform().name("paid-orders").start(() -> {
            for (int i = 0; i < ORDERS; i++) {
                stack.publishPaid("k-" + i, "u-" + (i % 50), "25.00");
                published.incrementAndGet();
            }
        });
        Await.until(Duration.ofSeconds(60), () -> stack.couponCounts()[0] >= 150,
            () -> "coupon-1 issued only " + stack.couponCounts()[0]);
        first.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        long atKill = stack.couponCounts()[0];
        assertThat(atKill).as("killed mid-consumption").isLessThan(ORDERS);

        startService("coupon-2");
        publisher.join(TimeUnit.MINUTES.toMillis(2));
        assertThat(published.get()).isEqualTo(ORDERS);
        Await.until(Duration.ofSeconds(90), () -> stack.couponCounts()[0] >= ORDERS,
            () -> "coupons " + stack.couponCounts()[0] + " of " + ORDERS);
        Await.holdsFor(Duration.ofSeconds(3), () -> stack.couponCounts()[0] == ORDERS,
            () -> "more coupons than orders: " + stack.couponCounts()[0]);
        long[] counts = stack.couponCounts();
        assertThat(counts[0]).as("coupons").isEqualTo(ORDERS);
        assertThat(counts[1]).as("distinct orders with a coupon").isEqualTo(ORDERS);
    }
}
