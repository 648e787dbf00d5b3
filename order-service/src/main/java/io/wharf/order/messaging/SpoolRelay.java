package io.wharf.order.messaging;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import io.wharf.micronaut.PublishException;
import io.wharf.order.persistence.SpoolEntry;
import io.wharf.order.persistence.SpoolRepository;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-sends spooled messages in spool order once the broker answers, deleting each after it was acknowledged, and
 * stopping at the first failure so that nothing overtakes an older message. One instance relays at a time (a
 * transaction-scoped PostgreSQL advisory lock). A crash between the acknowledgement and the delete sends a row
 * twice, which consumers tolerate (they de-duplicate by key).
 */
@Singleton
public class SpoolRelay {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolRelay.class);
    private static final long RELAY_LOCK = 0x5770_01L;
    /** Entries per batch (and transaction). */
    public static final int BATCH = 100;

    private final SpoolRepository spool;
    private final SpoolingPublisher spooling;
    private final JdbcOperations jdbc;

    public SpoolRelay(SpoolRepository spool, SpoolingPublisher spooling, JdbcOperations jdbc) {
        this.spool = spool;
        this.spooling = spooling;
        this.jdbc = jdbc;
    }

    /**
     * Sends one batch.
     *
     * @return how many were sent ({@link #BATCH}: there may be more), or -1 when the broker failed
     */
    @Transactional
    public int relayBatch() {
        if (!tryLock()) {
            return 0;
        }
        List<SpoolEntry> rows = spool.oldest(BATCH);
        int sent = 0;
        for (SpoolEntry row : rows) {
            try {
                spooling.publish(spooling.message(row));
            } catch (PublishException e) {
                LOG.debug("spool relay stopped at entry {} ({} {}): {}", row.id(), row.tag(), row.msgKey(),
                    e.getMessage());
                return -1;
            }
            spool.deleteById(row.id());
            sent++;
        }
        if (sent > 0) {
            LOG.info("spool relay re-sent {} message(s)", sent);
        }
        return sent;
    }

    private boolean tryLock() {
        return jdbc.prepareStatement("SELECT pg_try_advisory_xact_lock(?)", ps -> {
            ps.setLong(1, RELAY_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }
}
