package io.wharf.client.testkit;

import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.body.ExpressionType;
import io.wharf.protocol.body.OffsetQueryRequest;
import io.wharf.protocol.body.OffsetQueryResponse;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.StartPolicy;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group's lag per queue: the queue's max offset minus the group's committed offset. The protocol has no
 * "queue bounds" request, so the max offset comes from a non-waiting pull of one message.
 */
public final class ConsumerLag {
    private ConsumerLag() {
    }

    /** Per queue id: the committed offset (or -1 when none), the max offset and the lag. */
    public record QueueLag(long committed, long max, long lag) {
    }

    public static Map<Integer, QueueLag> of(BrokerProxy broker, String group, String topic) {
        int queues = Futures.await(broker.queueCount(topic, 3000));
        Map<Integer, QueueLag> lags = new TreeMap<>();
        for (int q = 0; q < queues; q++) {
            OffsetQueryResponse committed = Futures.await(broker.queryOffset(new OffsetQueryRequest(group, topic, q,
                StartPolicy.FIRST_OFFSET.ordinal(), 0), 3000));
            long max = Futures.await(broker.pull(new PullRequest("lag-probe", topic, q, 0, 1, 1024, "*",
                    ExpressionType.TAG, 0), 3000))
                .maxOffset();
            long from = committed.committed() ? committed.offset() : -1;
            lags.put(q, new QueueLag(from, max, max - Math.max(0, committed.offset())));
        }
        return lags;
    }

    public static long total(Map<Integer, QueueLag> lags) {
        return lags.values().stream().mapToLong(QueueLag::lag).sum();
    }
}
