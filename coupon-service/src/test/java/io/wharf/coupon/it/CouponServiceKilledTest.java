package io.wharf.coupon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.testkit.Await;
import io.wharf.testkit.Ports;
import io.wharf.testkit.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        processes.forEach(ServiceProcess::close);
        stack.close();
    }

    private ServiceProcess startService(String name) throws Exception {
        ServiceProcess p = ServiceProcess.fromClassPath(name, "io.wharf.coupon.Application", stack.properties(),
            Ports.free(), stack.dir.resolve(name + ".log"));
        processes.add(p);
        return p;
    }

    @Test
    void killedMidConsumptionAndRestartedEveryPaidOrderHasExactlyOneCoupon() throws Exception {
        ServiceProcess first = startService("coupon-1");
        AtomicInteger published = new AtomicInteger();
        Thread publisher = Thread.ofPlatform().name("paid-orders").start(() -> {
            for (int i = 0; i < ORDERS; i++) {
                stack.publishPaid("k-" + i, "u-" + (i % 50), "25.00");
                published.incrementAndGet();
            }
        });
        Await.until(Duration.ofSeconds(60), () -> stack.couponCounts()[0] >= 150,
            () -> "coupon-1 issued only " + stack.couponCounts()[0]);
        first.kill();
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
