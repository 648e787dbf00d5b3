package io.wharf.client.consumer;

import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.protocol.body.LockQueuesRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's per-(group, topic, queue) locks for orderly clustering consumption: a queue is consumed only by the
 * member holding its lock. Locks have a 60 s lease on the broker and are renewed every
 * {@link ConsumerConfig#lockRenewIntervalMs()}; a queue whose renewal is refused stops consuming until it is
 * granted again.
 */
final class QueueLockService {
    private static final Logger LOG = LoggerFactory.getLogger(QueueLockService.class);

    private final ConsumerConfig config;
    private final BrokerProxy broker;

    QueueLockService(ConsumerConfig config, BrokerProxy broker) {
        this.config = config;
        this.broker = broker;
    }

    /**
     * Asks for (or renews) the locks; returns the queue ids now held, or null when the broker could not be asked
     * (locks held so far stay valid until they age out).
     */
    Set<Integer> lock(String topic, Collection<Integer> queueIds) {
        if (queueIds.isEmpty()) {
            return Set.of();
        }
        try {
            return new HashSet<>(Futures.await(broker.lockQueues(new LockQueuesRequest(config.group(),
                config.clientId(), topic, List.copyOf(queueIds)), config.requestTimeoutMs())));
        } catch (RuntimeException e) {
            LOG.warn("locking queues {} of {} failed: {}", queueIds, topic, e.getMessage());
            return null;
        }
    }

    /** Releases locks; best effort (an unreleased lock expires with its lease). */
    void unlock(String topic, Collection<Integer> queueIds) {
        if (queueIds.isEmpty()) {
            return;
        }
        try {
            Futures.await(broker.unlockQueues(new LockQueuesRequest(config.group(), config.clientId(), topic,
                List.copyOf(queueIds)), config.requestTimeoutMs()));
        } catch (RuntimeException e) {
            LOG.warn("unlocking queues {} of {} failed (their leases will expire): {}", queueIds, topic,
                e.getMessage());
        }
    }

    /** Renews the locks of the consumed queues, marking each held or lost; resumes queues that are held. */
    void renew(Collection<ProcessQueue> queues, ConsumeService consumeService) {
        Map<String, List<ProcessQueue>> byTopic = queues.stream().filter(pq -> !pq.isDropped())
            .collect(Collectors.groupingBy(pq -> pq.messageQueue().topic()));
        byTopic.forEach((topic, pqs) -> {
            List<Integer> ids = new ArrayList<>();
            pqs.forEach(pq -> ids.add(pq.messageQueue().queueId()));
            long now = System.nanoTime();
            Set<Integer> held = lock(topic, ids);
            if (held == null) {
                return;
            }
            for (ProcessQueue pq : pqs) {
                if (held.contains(pq.messageQueue().queueId())) {
                    pq.lockGranted(now);
                    consumeService.resume(pq);
                } else {
                    if (pq.isLockValid(System.nanoTime())) {
                        LOG.warn("lost the lock of {}; its consumption pauses until it is granted again",
                            pq.messageQueue());
                    }
                    pq.lockLost();
                }
            }
        });
    }
}
