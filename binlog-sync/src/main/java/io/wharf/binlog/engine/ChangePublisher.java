package io.wharf.binlog.engine;

import io.wharf.binlog.BinlogConfiguration;
import io.wharf.contracts.Keys;
import io.wharf.contracts.Topics;
import io.wharf.contracts.binlog.OrderRowChanged;
import io.wharf.micronaut.OutgoingMessage;
import io.wharf.micronaut.PublishException;
import io.wharf.micronaut.WharfPublisher;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one row change to {@code order-binlog} and returns once the broker group acknowledged it: tag the
 * table, key the order id, properties {@code op}, {@code table}, {@code lsn}, {@code txId}, {@code commitTs} (for
 * SQL92 subscribers), and the queue picked by the order id's hash (the publisher's ordered send). A failed publish
 * is retried with a growing pause for as long as it takes: the engine waits, the replication slot keeps the WAL,
 * and nothing is skipped.
 */
@Singleton
public class ChangePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ChangePublisher.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final WharfPublisher publisher;
    private final BinlogConfiguration config;
    private final SyncStatus status;

    public ChangePublisher(WharfPublisher publisher, BinlogConfiguration config, SyncStatus status) {
        this.publisher = publisher;
        this.config = config;
        this.status = status;
    }

    /** Publishes {@code change}, retrying until acknowledged; only an interrupt (shutdown) stops it. */
    public void publish(OrderRowChanged change) throws InterruptedException {
        OutgoingMessage message = message(change);
        status.publishing(change.lsn());
        Duration pause = Duration.ofMillis(500);
        for (int attempt = 1; ; attempt++) {
            try {
                publisher.publish(message);
                status.acknowledged(change.lsn());
                return;
            } catch (PublishException e) {
                status.failed("publishing " + change.table() + " change of " + change.orderId() + " at LSN "
                    + change.lsn() + " (attempt " + attempt + "): " + e.getMessage());
                LOG.warn("publishing the change at LSN {} failed (attempt {}); retrying in {}: {}", change.lsn(),
                    attempt, pause, e.getMessage());
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    OutgoingMessage message(OrderRowChanged c) {
        OutgoingMessage.Builder b = OutgoingMessage.to(Topics.ORDER_BINLOG).tag(c.table())
            .key(Keys.forOrder(c.orderId())).payload(c)
            .property("op", c.op()).property("table", c.table()).property("lsn", Long.toString(c.lsn()))
            .property("txId", Long.toString(c.txId())).property("commitTs", c.commitTs().toString());
        if (config.getQueueSelection() == BinlogConfiguration.QueueSelection.BY_ORDER) {
            b.orderKey(c.orderId());
        }
        return b.build();
    }
}
