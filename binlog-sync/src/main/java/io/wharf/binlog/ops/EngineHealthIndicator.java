package io.wharf.binlog.ops;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.wharf.binlog.engine.SyncStatus;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** {@code changeEngine} in /health: DOWN while the Debezium engine is not running (it is restarted by itself). */
@Singleton
public class EngineHealthIndicator implements HealthIndicator {
    private final SyncStatus status;

    public EngineHealthIndicator(SyncStatus status) {
        this.status = status;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("changes", status.changes());
        details.put("lastAcknowledgedLsn", status.lastAcknowledgedLsn());
        if (status.lastError() != null) {
            details.put("lastError", status.lastError());
        }
        return Mono.just(HealthResult.builder("changeEngine", status.running() ? HealthStatus.UP : HealthStatus.DOWN)
            .details(details).build());
    }
}
