package io.wharf.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent clients placing and paying orders, recorded in a ledger, until at least {@code minimum} orders and
 * until {@link #finish()} — so a fault sequence always happens under load, however fast the machine is.
 */
final class OrderLoad {
    private final AtomicInteger placed = new AtomicInteger();
    private final AtomicBoolean finish = new AtomicBoolean();
    private final List<CompletableFuture<Void>> clients = new ArrayList<>();

    private OrderLoad() {
    }

    /** Starts {@code threads} clients; the orders' users are {@code prefix-u0 .. prefix-u9}. */
    static OrderLoad start(LossLedger ledger, String prefix, int threads, int minimum) {
        OrderLoad load = new OrderLoad();
        for (int t = 0; t < threads; t++) {
            load.clients.add(CompletableFuture.runAsync(() -> {
                int n;
                while ((n = load.placed.getAndIncrement()) < minimum || !load.finish.get()) {
                    Shop.placeAndPay(ledger, prefix + "-u" + (n % 10), "40.00");
                }
            }, command -> Thread.ofPlatform().daemon().name("e2e-load").start(command)));
        }
        return load;
    }

    /** Orders started so far. */
    int placed() {
        return placed.get();
    }

    /** Waits until {@code n} orders have been started. */
    void awaitPlaced(int n) {
        while (placed.get() < n) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Lets the clients stop once the minimum is reached, and waits for them. */
    void finish() {
        finish.set(true);
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
    }
}
