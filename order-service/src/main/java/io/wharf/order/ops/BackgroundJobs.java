package io.wharf.order.ops;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.wharf.order.app.AnnouncementCompensator;
import io.wharf.order.app.ParkedOrderRecovery;
import io.wharf.order.messaging.SpoolRelay;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's duty cycles, each a fixed delay after the previous run ended: the spool relay, the compensator
 * that stores the halves of unannounced orders, and the drain of orders parked in Redis. A run that fails (the
 * database, Redis or the broker unreachable) is logged and tried again next time.
 * {@code orders.jobs.enabled=false} turns them off.
 */
@Singleton
@Requires(property = "orders.jobs.enabled", notEquals = "false")
public class BackgroundJobs {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);

    private final SpoolRelay relay;
    private final SpoolMonitor monitor;
    private final AnnouncementCompensator compensator;
    private final ParkedOrderRecovery parked;

    public BackgroundJobs(SpoolRelay relay, SpoolMonitor monitor, AnnouncementCompensator compensator,
                          ParkedOrderRecovery parked) {
        this.relay = relay;
        this.monitor = monitor;
        this.compensator = compensator;
        this.parked = parked;
    }

    @Scheduled(fixedDelay = "${orders.spool.relay-interval:1s}", initialDelay = "${orders.spool.relay-interval:1s}")
    void relaySpool() {
        try {
            int sent;
            do {
                sent = relay.relayBatch();
            } while (sent == SpoolRelay.BATCH);
            monitor.refresh();
        } catch (RuntimeException e) {
            LOG.warn("spool relay run failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${orders.announce-interval:2s}", initialDelay = "${orders.announce-interval:2s}")
    void announceUnannounced() {
        try {
            compensator.announcePending();
        } catch (RuntimeException e) {
            LOG.warn("announcing unannounced orders failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${orders.parked.drain-interval:2s}", initialDelay = "${orders.parked.drain-interval:2s}")
    void drainParked() {
        try {
            parked.drain();
        } catch (RuntimeException e) {
            LOG.debug("draining parked orders failed: {}", e.toString());
        }
    }
}
