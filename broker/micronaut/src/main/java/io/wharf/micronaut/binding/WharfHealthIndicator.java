package io.wharf.micronaut.binding;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.wharf.client.facade.ClientStatus;
import io.wharf.client.facade.WharfClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code wharf} in /health: UP while the client knows a leader of the broker group and is connected to it,
 * DOWN otherwise; details name the leader, the last successful heartbeat and each listener group's lag.
 */
@Requires(property = "wharf.enabled", notEquals = "false")
@Requires(classes = HealthIndicator.class)
@jakarta.inject.Singleton
public class WharfHealthIndicator implements HealthIndicator {
    private final WharfClient client;

    public WharfHealthIndicator(WharfClient client) {
        this.client = client;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        ClientStatus s = client.status();
        Map<String, Object> details = new LinkedHashMap<>();
        List<Map<String, Object>> brokers = s.brokerGroups().stream().map(g -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bootstrap", g.bootstrap());
            m.put("leader", g.leader());
            m.put("leaderConnected", g.leaderConnected());
            m.put("lastHeartbeatMs", g.lastHeartbeatMs());
            return m;
        }).toList();
        details.put("brokers", brokers);
        Map<String, Long> lag = new LinkedHashMap<>();
        s.consumers().forEach(c -> lag.merge(c.group(), c.totalLag(), Long::sum));
        details.put("lag", lag);
        HealthStatus status = s.leadersReachable() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("wharf", status).details(details).build());
    }
}
