package io.wharf.binlog.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.wharf.binlog.BinlogConfiguration;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the replication slot from the order database: whether it is active and how much WAL it holds back (the
 * bytes between the server's current WAL position and the position binlog-sync confirmed). Gauge
 * {@code binlog.slot.lag.bytes} (-1 while it cannot be read).
 */
@Singleton
public class SlotMonitor {
    private final DataSource dataSource;
    private final BinlogConfiguration config;

    public SlotMonitor(DataSource dataSource, BinlogConfiguration config, @Nullable MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        if (registry != null) {
            Gauge.builder("binlog.slot.lag.bytes", this, m -> m.read().map(Slot::lagBytes).orElse(-1L))
                .description("WAL the replication slot holds back").register(registry);
        }
    }

    /**
     * The slot as the database sees it.
     *
     * @param name              the slot
     * @param active            a connection streams from it now
     * @param lagBytes          WAL between the current position and the confirmed one
     * @param confirmedFlushLsn the position binlog-sync confirmed
     */
    @Serdeable
    public record Slot(String name, boolean active, long lagBytes, String confirmedFlushLsn) {
    }

    /** The slot, or empty when it does not exist yet or the database cannot be read. */
    public Optional<Slot> read() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), "
                 + "confirmed_flush_lsn)::bigint, confirmed_flush_lsn::text FROM pg_replication_slots "
                 + "WHERE slot_name = ?")) {
            s.setString(1, config.getSlotName());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Slot(config.getSlotName(), rs.getBoolean(1), rs.getLong(2),
                    rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
