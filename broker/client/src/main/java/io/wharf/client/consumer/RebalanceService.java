package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which queues this member consumes and starts or stops them; run every
 * {@link ConsumerConfig#rebalanceIntervalMs()}. Clustering: the topic's queues are split among the group's live
 * members (CONSUMER_LIST, sorted) by {@link AllocateMessageQueueAveragely}; broadcasting: every queue is consumed.
 * A member missing from the list (a new leader has not heard from it yet) heartbeats and asks again before it
 * splits, rather than giving up its queues for a round.
 *
 * <p>A newly assigned queue starts at the group's committed offset; orderly clustering first takes the queue's
 * broker lock (and retries next round if another member still holds it). A queue assigned elsewhere is dropped:
 * its acknowledged offset is committed and, for orderly consumption, its lock released only after that, and only
 * when no batch is in the listener (otherwise the drop waits for the next round).
 */
final class RebalanceService {
    private static final Logger LOG = LoggerFactory.getLogger(RebalanceService.class);
    private static final long DROP_WAIT_MS = 1000;

    private final ConsumerConfig config;
    private final BrokerProxy broker;
    private final Map<String, TopicSubscription> subscriptions;
    private final OffsetStore offsetStore;
    private final PullService pullService;
    private final QueueLockService locks;
    private final boolean needsLock;
    private final Runnable joinGroup;
    private final ConcurrentHashMap<MessageQueue, ProcessQueue> processQueues = new ConcurrentHashMap<>();

    RebalanceService(ConsumerConfig config, BrokerProxy broker, Map<String, TopicSubscription> subscriptions,
                     OffsetStore offsetStore, PullService pullService, QueueLockService locks, boolean needsLock,
                     Runnable joinGroup) {
        this.config = config;
        this.broker = broker;
        this.subscriptions = subscriptions;
        this.offsetStore = offsetStore;
        this.pullService = pullService;
        this.locks = locks;
        this.needsLock = needsLock;
        this.joinGroup = joinGroup;
    }

    /** The queues consumed now and their state. */
    Collection<ProcessQueue> processQueues() {
        return processQueues.values();
    }

    void rebalance() {
        for (TopicSubscription sub : subscriptions.values()) {
            try {
                rebalance(sub.topic());
            } catch (RuntimeException e) {
                LOG.warn("rebalance of {} for group {} failed: {}", sub.topic(), config.group(), e.toString());
            }
        }
    }

    private void rebalance(String topic) {
        int queueCount = Futures.await(broker.queueCount(topic, config.requestTimeoutMs()));
        List<MessageQueue> all = new ArrayList<>(queueCount);
        for (int i = 0; i < queueCount; i++) {
            all.add(new MessageQueue(topic, i));
        }
        List<MessageQueue> mine = all;
        if (config.messageModel() == MessageModel.CLUSTERING) {
            List<String> members = members();
            if (!members.contains(config.clientId())) {
                // A new leader has not heard from this member yet, or the broker expired it: join, then look again.
                joinGroup.run();
                members = members();
            }
            if (!members.contains(config.clientId())) {
                LOG.info("{} is not among the live members of {} ({}); consuming nothing until it is",
                    config.clientId(), config.group(), members);
            }
            mine = AllocateMessageQueueAveragely.allocate(all, members, config.clientId());
        }
        update(topic, new HashSet<>(mine));
    }

    private List<String> members() {
        List<String> members = new ArrayList<>(Futures.await(broker.consumerList(config.group(),
            config.requestTimeoutMs())));
        members.sort(null);
        return members;
    }

    private void update(String topic, Set<MessageQueue> mine) {
        for (ProcessQueue pq : processQueues.values()) {
            if (pq.messageQueue().topic().equals(topic) && !mine.contains(pq.messageQueue()) && drop(pq)) {
                processQueues.remove(pq.messageQueue(), pq);
                LOG.info("{} stopped consuming {} at offset {}", config.clientId(), pq.messageQueue(),
                    pq.committedOffset());
            }
        }
        List<Integer> added = mine.stream().filter(mq -> !processQueues.containsKey(mq))
            .map(MessageQueue::queueId).sorted().toList();
        if (added.isEmpty()) {
            return;
        }
        Set<Integer> startable = needsLock ? locks.lock(topic, added) : Set.copyOf(added);
        for (int queueId : added) {
            if (startable != null && startable.contains(queueId)) {
                start(new MessageQueue(topic, queueId));
            }
        }
    }

    private void start(MessageQueue mq) {
        long lockedAt = System.nanoTime();
        long offset;
        try {
            offset = offsetStore.read(mq);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the offset of {} for group {}; retrying next round: {}", mq, config.group(),
                e.getMessage());
            return;
        }
        ProcessQueue pq = new ProcessQueue(mq, offset);
        if (needsLock) {
            pq.lockGranted(lockedAt);
        }
        processQueues.put(mq, pq);
        pullService.start(pq);
        LOG.info("{} started consuming {} at offset {}", config.clientId(), mq, offset);
    }

    /** Drops a queue: commits its offset, then (orderly) releases its lock. False if it must wait a round. */
    private boolean drop(ProcessQueue pq) {
        if (!needsLock) {
            pq.drop();
            commit(List.of(pq));
            return true;
        }
        try {
            if (!pq.orderlyConsumeLock().tryLock(DROP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.info("{} is still being consumed; dropping it next round", pq.messageQueue());
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            pq.drop();
            commit(List.of(pq));
            locks.unlock(pq.messageQueue().topic(), List.of(pq.messageQueue().queueId()));
            return true;
        } finally {
            pq.orderlyConsumeLock().unlock();
        }
    }

    /** Commits the acknowledged offsets of {@code queues} that moved since their last commit. */
    void commit(Collection<ProcessQueue> queues) {
        Map<MessageQueue, Long> changed = new LinkedHashMap<>();
        Map<MessageQueue, ProcessQueue> byQueue = new HashMap<>();
        for (ProcessQueue pq : queues) {
            long offset = pq.ackOffset();
            if (offset != pq.committedOffset()) {
                changed.put(pq.messageQueue(), offset);
                byQueue.put(pq.messageQueue(), pq);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        for (MessageQueue stored : offsetStore.commit(changed)) {
            byQueue.get(stored).committed(changed.get(stored));
        }
    }

    /** Commits every consumed queue's offset; run periodically. */
    void commitAll() {
        commit(List.copyOf(processQueues.values()));
    }

    /** Renews the locks of every consumed queue (orderly clustering). */
    void renewLocks(ConsumeService consumeService) {
        locks.renew(List.copyOf(processQueues.values()), consumeService);
    }

    /**
     * Stops every queue for shutdown: marks them dropped, commits their offsets and releases their locks. Call
     * after the listener calls finished.
     */
    void dropAll() {
        List<ProcessQueue> all = List.copyOf(processQueues.values());
        all.forEach(ProcessQueue::drop);
        commit(all);
        if (needsLock) {
            Map<String, List<Integer>> byTopic = new HashMap<>();
            all.forEach(pq -> byTopic.computeIfAbsent(pq.messageQueue().topic(), t -> new ArrayList<>())
                .add(pq.messageQueue().queueId()));
            byTopic.forEach(locks::unlock);
        }
        processQueues.clear();
    }
}
