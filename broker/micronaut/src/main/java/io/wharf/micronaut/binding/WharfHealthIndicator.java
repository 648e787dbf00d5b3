package io.wharf.micronaut.binding;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.wharf.client.facade.ClientStatus;
import io.wharf.client.facade.WharfClient;
import java.util.ArrayList;
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
        List<Map<String, Object>> lagging = laggingQueues(s, System.currentTimeMillis());
        if (!lagging.isEmpty()) {
            details.put("laggingQueues", lagging);
        }
        HealthStatus status = s.leadersReachable() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("wharf", status).details(details).build());
    }

    /**
     * Each assigned queue with messages not yet consumed: where its group stands, how many messages are in the
     * listener's hands, and how long ago the broker last answered a pull of it (a pull loop that stopped shows a
     * growing age while the lag stays).
     */
    static List<Map<String, Object>> laggingQueues(ClientStatus s, long nowMs) {
        List<Map<String, Object>> out = new ArrayList<>();
        s.consumers().forEach(c -> c.queues().stream().filter(q -> q.lag() > 0).forEach(q -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", c.group());
            m.put("queue", q.queue().topic() + "@" + q.queue().queueId());
            m.put("committed", q.committed());
            m.put("maxOffset", q.maxOffset());
            m.put("inFlight", q.inFlight());
            m.put("lastPullAgeMs", q.lastPullMs() < 0 ? -1 : nowMs - q.lastPullMs());
            out.add(m);
        }));
        return out;
    }
}
