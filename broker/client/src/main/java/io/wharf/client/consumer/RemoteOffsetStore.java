package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.body.OffsetCommitRequest;
import io.wharf.protocol.body.OffsetQueryRequest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets kept on the broker (clustering): OFFSET_QUERY reads them, resolving the start policy on the broker when
 * the group has none; OFFSET_COMMIT stores them.
 */
final class RemoteOffsetStore implements OffsetStore {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteOffsetStore.class);

    private final BrokerProxy broker;
    private final ConsumerConfig config;

    RemoteOffsetStore(BrokerProxy broker, ConsumerConfig config) {
        this.broker = broker;
        this.config = config;
    }

    @Override
    public long read(MessageQueue mq) {
        return Futures.await(broker.queryOffset(new OffsetQueryRequest(config.group(), mq.topic(), mq.queueId(),
            config.consumeFromWhere().startPolicy().ordinal(), config.consumeTimestampMs()),
            config.requestTimeoutMs())).offset();
    }

    @Override
    public Set<MessageQueue> commit(Map<MessageQueue, Long> offsets) {
        Map<MessageQueue, CompletableFuture<Void>> sent = new LinkedHashMap<>();
        offsets.forEach((mq, offset) -> sent.put(mq, broker.commitOffset(
            new OffsetCommitRequest(config.group(), mq.topic(), mq.queueId(), offset), config.requestTimeoutMs())));
        Set<MessageQueue> stored = new HashSet<>();
        Map<MessageQueue, Long> failed = new LinkedHashMap<>();
        RuntimeException lastError = null;
        for (Map.Entry<MessageQueue, CompletableFuture<Void>> e : sent.entrySet()) {
            try {
                Futures.await(e.getValue());
                stored.add(e.getKey());
            } catch (RuntimeException error) {
                failed.put(e.getKey(), offsets.get(e.getKey()));
                lastError = error;
            }
        }
        if (lastError != null) {
            // One line per round, not per queue: while no leader answers, every queue fails the same way.
            LOG.warn("committing offsets {} for group {} failed (retried next round): {}", failed, config.group(),
                lastError.getMessage());
        }
        return stored;
    }
}
