package io.wharf.client.consumer;

import io.wharf.client.remoting.BrokerProxy;
import io.wharf.client.remoting.Futures;
import io.wharf.client.ReceivedMessage;
import io.wharf.protocol.body.PullRequest;
import io.wharf.protocol.body.PullResponse;
import io.wharf.protocol.body.PullStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one long-polling pull outstanding per consumed queue. Each answer of a tag subscription is filtered by
 * tag again (the broker may filter by tag hash only; SQL92 subscriptions are filtered by the broker alone),
 * added to the queue's {@link ProcessQueue} and handed to the {@link ConsumeService}; then the next pull goes out
 * at once. A queue with {@link ConsumerConfig#pullThresholdForQueue()} messages in
 * flight is not pulled until the listener catches up; a failed pull is retried after a second.
 */
final class PullService {
    static final long FLOW_CONTROL_DELAY_MS = 50;
    static final long RETRY_DELAY_MS = 1000;
    /** Bytes asked for per pull; below the frame limit, and the broker returns at least one message anyway. */
    static final int PULL_MAX_BYTES = 8 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(PullService.class);

    private final ConsumerConfig config;
    private final BrokerProxy broker;
    private final Map<String, TopicSubscription> subscriptions;
    private final ConsumeService consumeService;
    private final ScheduledExecutorService timer;
    private volatile boolean stopped;

    PullService(ConsumerConfig config, BrokerProxy broker, Map<String, TopicSubscription> subscriptions,
                ConsumeService consumeService, ScheduledExecutorService timer) {
        this.config = config;
        this.broker = broker;
        this.subscriptions = subscriptions;
        this.consumeService = consumeService;
        this.timer = timer;
    }

    /** Starts pulling a newly assigned queue; it stops by itself once the queue is dropped. */
    void start(ProcessQueue pq) {
        later(pq, 0);
    }

    /** Sends no more pulls; answers still arriving are discarded. */
    void stop() {
        stopped = true;
    }

    private void later(ProcessQueue pq, long delayMs) {
        if (stopped || pq.isDropped()) {
            return;
        }
        try {
            timer.schedule(() -> pull(pq), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("consumer stopping; no more pulls for {}", pq.messageQueue());
        }
    }

    private void pull(ProcessQueue pq) {
        if (stopped || pq.isDropped()) {
            return;
        }
        if (pq.inFlightCount() >= config.pullThresholdForQueue()) {
            later(pq, FLOW_CONTROL_DELAY_MS);
            return;
        }
        TopicSubscription sub = subscriptions.get(pq.messageQueue().topic());
        PullRequest request = new PullRequest(config.group(), pq.messageQueue().topic(), pq.messageQueue().queueId(),
            pq.nextPullOffset(), config.pullBatchSize(), PULL_MAX_BYTES, sub.selector().expression(),
            sub.selector().type(), config.pollTimeoutMs());
        broker.pull(request, config.pollTimeoutMs() + config.requestTimeoutMs()).whenComplete((response, error) -> {
            if (stopped || pq.isDropped()) {
                return;
            }
            if (error != null) {
                LOG.debug("pull of {} at {} failed: {}", pq.messageQueue(), request.offset(),
                    Futures.unwrap(error).toString());
                later(pq, RETRY_DELAY_MS);
                return;
            }
            onPulled(pq, sub, request, response);
            later(pq, 0);
        });
    }

    private void onPulled(ProcessQueue pq, TopicSubscription sub, PullRequest request, PullResponse response) {
        pq.pullAnswered(response.maxOffset(), System.currentTimeMillis());
        switch (response.pullStatus()) {
            case PullStatus.FOUND -> {
                List<ReceivedMessage> matching = response.messages().stream()
                    .filter(m -> sub.tags().matches(m.tags())).map(ReceivedMessage::from).toList();
                List<ReceivedMessage> added = pq.putMessages(matching, response.nextOffset());
                if (!added.isEmpty()) {
                    consumeService.submit(pq, added);
                }
            }
            case PullStatus.NO_NEW_MESSAGE, PullStatus.NO_MATCHED_MESSAGE ->
                pq.advancePullOffset(response.nextOffset());
            case PullStatus.OFFSET_MOVED -> {
                LOG.warn("offset {} of {} is outside the queue [{}, {}); continuing at {}", request.offset(),
                    pq.messageQueue(), response.minOffset(), response.maxOffset(), response.nextOffset());
                pq.resetPullOffset(response.nextOffset());
            }
            default -> LOG.warn("unknown pull status {} for {}", response.pullStatus(), pq.messageQueue());
        }
    }
}
