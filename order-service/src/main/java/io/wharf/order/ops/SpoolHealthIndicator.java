package io.wharf.order.ops;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code spool} in /health: UP when empty, DEGRADED (operational: the service still takes orders) while messages
 * wait for the broker group, UNKNOWN when the database cannot be read.
 */
@Singleton
public class SpoolHealthIndicator implements HealthIndicator {
    /** Operational but not well: messages are waiting in the spool. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
        "messages wait in the spool for the broker group", true, null);

    private final SpoolMonitor monitor;

    public SpoolHealthIndicator(SpoolMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(this::result).subscribeOn(Schedulers.boundedElastic());
    }

    private HealthResult result() {
        SpoolStatus s;
        try {
            s = monitor.refresh();
        } catch (RuntimeException e) {
            return HealthResult.builder("spool", HealthStatus.UNKNOWN).exception(e).build();
        }
        return HealthResult.builder("spool", s.pending() == 0 ? HealthStatus.UP : DEGRADED)
            .details(Map.of("pending", s.pending(), "oldestAgeSeconds", s.oldestAgeSeconds() == null ? 0
                : s.oldestAgeSeconds())).build();
    }
}
