package io.wharf.order.app;

import io.wharf.order.OrdersConfiguration;
import io.wharf.order.domain.OrderDraft;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes orders parked in Redis to the database once it answers again. The check-back does it for a parked order
 * with a half message ({@link #materialize}); {@link #drain} does it for those without one (no check-back will
 * come for them) and for any parked longer than {@code orders.parked-drain-after}.
 */
@Singleton
public class ParkedOrderRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ParkedOrderRecovery.class);

    private final ParkedOrders parked;
    private final OrderTransactions transactions;
    private final OrdersConfiguration config;
    private final Clock clock;

    public ParkedOrderRecovery(ParkedOrders parked, OrderTransactions transactions, OrdersConfiguration config,
                               Clock clock) {
        this.parked = parked;
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Writes the parked order {@code orderId} to the database, if there is one.
     *
     * @return true when it was parked and is now in the database
     * @throws RuntimeException when Redis or the database fails (it stays parked)
     */
    public boolean materialize(String orderId) {
        Optional<OrderDraft> draft = parked.find(orderId);
        if (draft.isEmpty()) {
            return false;
        }
        write(draft.get());
        return true;
    }

    /**
     * Like {@link #materialize} but never throws: a lookup that cannot answer answers "not parked".
     */
    public boolean tryMaterialize(String orderId) {
        try {
            return materialize(orderId);
        } catch (RuntimeException e) {
            LOG.debug("parked order {} not written: {}", orderId, e.toString());
            return false;
        }
    }

    /** Writes the parked orders no check-back will write; stops at the first failure. */
    public void drain() {
        Instant oldEnough = clock.instant().minus(config.getParkedDrainAfter());
        for (String id : parked.ids()) {
            Optional<OrderDraft> draft = parked.find(id);
            if (draft.isEmpty()) {
                parked.remove(id, null);
            } else if (draft.get().halfToken() == null || draft.get().createdAt().isBefore(oldEnough)) {
                write(draft.get());
            }
        }
    }

    private void write(OrderDraft draft) {
        boolean written = transactions.write(draft, false);
        parked.remove(draft.orderId(), draft.idempotencyKey());
        LOG.info("parked order {} {}", draft.orderId(), written ? "written to the database" : "was there already");
    }
}
