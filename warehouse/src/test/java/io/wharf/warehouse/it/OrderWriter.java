package io.wharf.warehouse.it;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes orders into the order database the way order-service does, straight over JDBC so a test controls the
 * load: per order one transaction inserting the order and two lines, one touching it (a version bump), one paying
 * it (status PAID and a payment row) or closing it (every third order). Several threads, so transactions of
 * different orders interleave in the WAL.
 */
final class OrderWriter {
    private final SyncStack stack;
    final AtomicInteger written = new AtomicInteger();

    OrderWriter(SyncStack stack) {
        this.stack = stack;
    }

    /** Writes {@code count} orders named {@code prefix-<n>} with {@code threads} threads and waits. */
    void write(String prefix, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    try (Connection c = stack.orders()) {
                        for (int i = first; i < count; i += threads) {
                            writeOne(c, prefix + "-" + i, i);
                            written.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #write} on another thread, so a test can inject a fault while the load runs. */
    java.util.concurrent.CompletableFuture<Void> writeInBackground(String prefix, int count, int threads) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                write(prefix, count, threads);
            } catch (Exception e) {
                throw new IllegalStateException("writing orders " + prefix + " failed", e);
            }
        });
    }

    private static void writeOne(Connection c, String id, int n) throws SQLException {
        BigDecimal price = BigDecimal.valueOf(100 + n % 900, 2);
        c.setAutoCommit(false);
        try (PreparedStatement order = c.prepareStatement("INSERT INTO orders (id, user_id, status, total, "
                 + "announced, created_at, updated_at) VALUES (?, ?, 'PENDING_PAYMENT', ?, true, now(), now())");
             PreparedStatement item = c.prepareStatement("INSERT INTO order_items (order_id, line_no, sku, qty, "
                 + "unit_price) VALUES (?, ?, ?, 1, ?)")) {
            order.setString(1, id);
            order.setString(2, "u-" + n % 37);
            order.setBigDecimal(3, price.add(price));
            order.executeUpdate();
            for (int line = 1; line <= 2; line++) {
                item.setString(1, id);
                item.setInt(2, line);
                item.setString(3, "sku-" + line);
                item.setBigDecimal(4, price);
                item.executeUpdate();
            }
        }
        c.commit();
        try (PreparedStatement touch = c.prepareStatement("UPDATE orders SET version = version + 1, "
            + "updated_at = now() WHERE id = ?")) {
            touch.setString(1, id);
            touch.executeUpdate();
        }
        c.commit();
        if (n % 3 == 2) {
            try (PreparedStatement close = c.prepareStatement("UPDATE orders SET status = 'CLOSED', "
                + "close_reason = 'TIMEOUT', updated_at = now() WHERE id = ?")) {
                close.setString(1, id);
                close.executeUpdate();
            }
        } else {
            try (PreparedStatement pay = c.prepareStatement("UPDATE orders SET status = 'PAID', updated_at = now() "
                     + "WHERE id = ?");
                 PreparedStatement payment = c.prepareStatement("INSERT INTO payments (payment_id, order_id, "
                     + "amount, paid_at) VALUES (?, ?, ?, now())")) {
                pay.setString(1, id);
                pay.executeUpdate();
                payment.setString(1, "pm-" + id);
                payment.setString(2, id);
                payment.setBigDecimal(3, price.add(price));
                payment.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }
}
