package io.wharf.micronaut.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.wharf.client.MessageQueue;
import io.wharf.client.consumer.ConsumerStatus;
import io.wharf.client.facade.ClientStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WharfHealthIndicatorTest {
    @Test
    void onlyQueuesWithLagAreListedWithTheAgeOfTheirLastPull() {
        ConsumerStatus coupons = new ConsumerStatus("coupons", "c-1", true, List.of(
            new ConsumerStatus.QueueLag(new MessageQueue("orders", 0), 10, 10, 0, 0, 9_000),
            new ConsumerStatus.QueueLag(new MessageQueue("orders", 1), 7, 11, 4, 2, 4_000),
            new ConsumerStatus.QueueLag(new MessageQueue("orders", 2), 0, 3, 3, 0, -1)));
        ClientStatus status = new ClientStatus("svc", true, List.of(), List.of(), List.of(coupons), 0);

        List<Map<String, Object>> lagging = WharfHealthIndicator.laggingQueues(status, 10_000);

        assertThat(lagging).containsExactly(
            Map.of("group", "coupons", "queue", "orders@1", "committed", 7L, "maxOffset", 11L, "inFlight", 2,
                "lastPullAgeMs", 6_000L),
            Map.of("group", "coupons", "queue", "orders@2", "committed", 0L, "maxOffset", 3L, "inFlight", 0,
                "lastPullAgeMs", -1L));
    }
}
