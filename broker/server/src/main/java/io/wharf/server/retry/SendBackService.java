package io.wharf.server.retry;

import io.wharf.protocol.MessageIds;
import io.wharf.protocol.PropertyNames;
import io.wharf.protocol.Status;
import io.wharf.protocol.body.ConsumerGroupInfo;
import io.wharf.protocol.body.ConsumerSendBackRequest;
import io.wharf.protocol.body.HeartbeatRequest;
import io.wharf.server.common.BrokerException;
import io.wharf.server.schedule.DelayLevels;
import io.wharf.server.schedule.ScheduleService;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.store.MessageStore;
import io.wharf.store.format.DecodedRecord;
import io.wharf.store.format.RecordContent;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Takes back messages consumers failed to consume (CONSUMER_SEND_BACK). A message with retry budget left is
 * stored in {@code %RETRY%<group>} with its reconsume count incremented and a delay: delay level
 * {@code 3 + reconsumeTimes} (RocketMQ's ladder: 10 s, 30 s, 1 m, ...) or the group policy's explicit delay;
 * a message whose budget is spent goes to {@code %DLQ%<group>}. Both keep the original body and properties and
 * add RETRY_TOPIC (first topic), ORIGIN_MESSAGE_ID, FIRST_FAILURE_TIME and FAILURE_TIMES.
 */
public final class SendBackService {
    /** The ladder's first retry level: level 3 (10 s by default) for the first retry. */
    public static final int FIRST_RETRY_LEVEL = 3;
    private static final int MAX_FAILURE_TIMES = 32;

    private final MessageStore store;
    private final TopicRegistry topics;
    private final ScheduleService schedule;
    private final DelayLevels levels;
    private final RetryPolicies policies;
    private final InstantSource clock;

    public SendBackService(MessageStore store, TopicRegistry topics, ScheduleService schedule, DelayLevels levels,
                           RetryPolicies policies, InstantSource clock) {
        this.store = store;
        this.topics = topics;
        this.schedule = schedule;
        this.levels = levels;
        this.policies = policies;
        this.clock = clock;
    }

    /** Creates the retry topic of every clustering group in a heartbeat, so its members can subscribe to it. */
    public void onHeartbeat(HeartbeatRequest heartbeat) {
        for (ConsumerGroupInfo g : heartbeat.consumers()) {
            if (!g.broadcasting()) {
                RetryTopics.ensure(topics, RetryTopics.retryTopic(g.group()));
            }
        }
    }

    /** Stores the message again for a retry or in the DLQ; completes when it is stored. */
    public CompletableFuture<Void> sendBack(ConsumerSendBackRequest request) {
        if (request.group() == null || request.group().isEmpty()) {
            throw new BrokerException(Status.BAD_REQUEST, "send-back needs a group");
        }
        DecodedRecord r = store.readByOffset(request.commitLogOffset());
        if (r == null) {
            throw new BrokerException(Status.BAD_REQUEST, "no message at commit-log offset "
                + request.commitLogOffset());
        }
        RetryPolicy policy = policies.of(request.group());
        int max = policy.maxReconsumeTimes(request.maxReconsumeTimes());
        Map<String, String> p = failedProperties(r, request, max);
        RecordContent content;
        if (request.delayLevel() < 0 || r.reconsumeCount() >= max) {
            String dlq = RetryTopics.dlqTopic(request.group());
            RetryTopics.ensure(topics, dlq);
            content = new RecordContent(dlq, 0, r.flags(), r.bornTimestampMs(), r.bornHost(), r.reconsumeCount(),
                0L, p, r.body());
        } else {
            String retry = RetryTopics.retryTopic(request.group());
            RetryTopics.ensure(topics, retry);
            if (request.delayLevel() > 0 || policy.usesLadder()) {
                int level = request.delayLevel() > 0 ? request.delayLevel() : FIRST_RETRY_LEVEL + r.reconsumeCount();
                p.put(PropertyNames.DELAY, Integer.toString(levels.clamp(level)));
            } else {
                p.put(PropertyNames.TIMER_DELIVER_MS,
                    Long.toString(clock.millis() + policy.delayMs(r.reconsumeCount())));
            }
            content = schedule.divert(new RecordContent(retry, 0, r.flags(), r.bornTimestampMs(), r.bornHost(),
                r.reconsumeCount() + 1, 0L, p, r.body()));
        }
        return store.append(content).thenApply(x -> null);
    }

    private Map<String, String> failedProperties(DecodedRecord r, ConsumerSendBackRequest request, int max) {
        Map<String, String> p = new HashMap<>(r.properties());
        p.remove(PropertyNames.DELAY);
        p.remove(PropertyNames.TIMER_DELIVER_MS);
        p.remove(PropertyNames.REAL_TOPIC);
        p.remove(PropertyNames.REAL_QID);
        p.remove(PropertyNames.DLQ_OFFSET);
        p.putIfAbsent(PropertyNames.RETRY_TOPIC, r.topic());
        String origin = request.originMsgId() != null && !request.originMsgId().isEmpty() ? request.originMsgId()
            : r.properties().getOrDefault(PropertyNames.UNIQ_KEY, MessageIds.offsetId(r.physicalOffset()));
        p.putIfAbsent(PropertyNames.ORIGIN_MESSAGE_ID, origin);
        String now = Long.toString(clock.millis());
        p.putIfAbsent(PropertyNames.FIRST_FAILURE_TIME, now);
        String history = p.get(PropertyNames.FAILURE_TIMES);
        if (history == null || history.isEmpty()) {
            history = now;
        } else {
            String[] parts = history.split(",");
            int from = Math.max(0, parts.length - (MAX_FAILURE_TIMES - 1));
            history = String.join(",", Arrays.copyOfRange(parts, from, parts.length)) + "," + now;
        }
        p.put(PropertyNames.FAILURE_TIMES, history);
        p.put(PropertyNames.MAX_RECONSUME_TIMES, Integer.toString(max));
        if (!request.reason().isEmpty()) {
            p.put(PropertyNames.FAILURE_REASON, request.reason());
        }
        return p;
    }
}
