package io.wharf.warehouse.app;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The reports the big-data team computes from the copy. */
@Singleton
public class Reports {
    private final DataSource warehouse;

    public Reports(DataSource warehouse) {
        // Plain connections for these reads: the injected data sources hand out only the connection of a
        // surrounding transaction.
        this.warehouse = DelegatingDataSource.unwrapDataSource(warehouse);
    }

    /**
     * One day (UTC) of orders.
     *
     * @param day     the day the orders were created
     * @param orders  orders created
     * @param paid    of those, paid
     * @param closed  of those, closed unpaid
     * @param revenue the paid orders' totals
     */
    @Serdeable
    public record Day(LocalDate day, long orders, long paid, long closed, BigDecimal revenue) {
    }

    /**
     * One status change seen by the SQL92-filtered subscriber.
     *
     * @param orderId   the order
     * @param lsn       the change's LSN
     * @param status    the status after it
     * @param changedAt when
     */
    @Serdeable
    public record StatusChange(String orderId, long lsn, String status, java.time.Instant changedAt) {
    }

    /** The status changes of {@code orderId} in LSN order. */
    public List<StatusChange> statusChanges(String orderId) {
        List<StatusChange> out = new ArrayList<>();
        try (Connection c = warehouse.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(
            "SELECT lsn, status, changed_at FROM wh_status_changes WHERE order_id = ? ORDER BY lsn")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new StatusChange(orderId, rs.getLong(1), rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading status changes failed: " + e.getMessage(), e);
        }
        return out;
    }

    public List<Day> daily() {
        String sql = """
            SELECT (created_at AT TIME ZONE 'UTC')::date, count(*), count(*) FILTER (WHERE status = 'PAID'),
                   count(*) FILTER (WHERE status = 'CLOSED'),
                   coalesce(sum(total) FILTER (WHERE status = 'PAID'), 0)
            FROM wh_orders WHERE NOT deleted GROUP BY 1 ORDER BY 1""";
        List<Day> days = new ArrayList<>();
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                days.add(new Day(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                    rs.getBigDecimal(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("daily report failed: " + e.getMessage(), e);
        }
        return days;
    }
}
