package io.wharf.server.trace;

import io.wharf.protocol.MessageIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wharf.protocol.PropertyNames;
import io.wharf.server.retry.RetryTopics;
import io.wharf.server.schedule.ScheduledMessages;
import io.wharf.server.topic.TopicConfig;
import io.wharf.server.topic.TopicRegistry;
import io.wharf.server.transaction.TransactionRecords;
import io.wharf.store.MessageStore;
import io.wharf.store.format.DecodedRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message's life as one timeline, merged from two sources: the trace records traced clients wrote to the trace
 * topic (found by key: a trace message's keys are the traced ids; see {@code docs/trace.md}), and what the broker
 * stored itself, found by the message's unique key in every topic: the stored message, its retry copies in
 * {@code %RETRY%<group>}, its dead copy in {@code %DLQ%<group>} and re-driven copies (retry copies carrying
 * DLQ_OFFSET). Retry and DLQ copies keep the original's UNIQ_KEY, so one key lookup per topic finds them. Each
 * request looks up every topic's key index, so its cost grows with the number of topics.
 */
public final class MessageTimeline {
    private static final Logger LOG = LoggerFactory.getLogger(MessageTimeline.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_HITS = 1000;
    private static final Set<String> PARKING_TOPICS = Set.of(ScheduledMessages.SCHEDULE_TOPIC,
        ScheduledMessages.TIMER_TOPIC, TransactionRecords.OP_TOPIC);

    private final MessageStore store;
    private final TopicRegistry topics;

    public MessageTimeline(MessageStore store, TopicRegistry topics) {
        this.store = store;
        this.topics = topics;
    }

    /** The timeline of one message, by its msgId (UNIQ_KEY), oldest event first. */
    public List<Map<String, Object>> ofMessage(String msgId, String traceTopic) {
        List<TraceEvent> events = new ArrayList<>(fromTraces(traceRecords(traceTopic, msgId, msgId), msgId));
        events.addAll(fromStore(msgId, traceTopic));
        events.sort(Comparator.comparingLong(TraceEvent::timeMs).thenComparingInt(e -> e.kind().rank));
        return events.stream().map(TraceEvent::view).toList();
    }

    /** The msgIds of a topic's messages with business key {@code key}: from the store and from the traces. */
    public Set<String> msgIdsByKey(String topic, String key, String traceTopic) {
        Set<String> ids = new LinkedHashSet<>();
        for (DecodedRecord r : store.queryByKey(topic, key, 0, Long.MAX_VALUE, MAX_HITS)) {
            String id = r.property(PropertyNames.UNIQ_KEY);
            if (id != null) {
                ids.add(id);
            }
        }
        for (Map<String, Object> t : traceRecords(traceTopic, key, null)) {
            Object keys = t.get("keys");
            if (topic.equals(t.get("topic")) && keys != null && List.of(keys.toString().split(" ")).contains(key)) {
                ids.add(String.valueOf(t.get("msgId")));
            }
        }
        return ids;
    }

    /** Trace records in trace messages with key {@code key}; only those of {@code msgId} unless it is null. */
    private List<Map<String, Object>> traceRecords(String traceTopic, String key, String msgId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DecodedRecord r : store.queryByKey(traceTopic, key, 0, Long.MAX_VALUE, MAX_HITS)) {
            for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Map<String, Object> record = JSON.readValue(line, new TypeReference<>() { });
                    if (msgId == null || msgId.equals(record.get("msgId"))) {
                        out.add(record);
                    }
                } catch (JsonProcessingException e) {
                    LOG.debug("skipping a malformed trace record in {}: {}", traceTopic, e.getOriginalMessage());
                }
            }
        }
        return out;
    }

    /** PUB and END_TRANSACTION records as they are; SUB_BEFORE and SUB_AFTER paired by requestId. */
    private static List<TraceEvent> fromTraces(List<Map<String, Object>> records, String msgId) {
        List<TraceEvent> events = new ArrayList<>();
        Map<String, Map<String, Object>> before = new LinkedHashMap<>();
        Map<String, Map<String, Object>> after = new HashMap<>();
        for (Map<String, Object> r : records) {
            String type = String.valueOf(r.get("type"));
            switch (type) {
                case "PUB" -> events.add(event(TraceEvent.Kind.PUB, r, msgId, "producerGroup"));
                case "END_TRANSACTION" -> events.add(event(TraceEvent.Kind.END_TRANSACTION, r, msgId,
                    "producerGroup"));
                case "SUB_BEFORE" -> before.put(String.valueOf(r.get("requestId")), r);
                case "SUB_AFTER" -> after.put(String.valueOf(r.get("requestId")), r);
                default -> LOG.debug("unknown trace record type {}", type);
            }
        }
        for (Map.Entry<String, Map<String, Object>> b : before.entrySet()) {
            events.add(delivery(b.getValue(), after.remove(b.getKey()), msgId));
        }
        for (Map<String, Object> a : after.values()) {
            events.add(delivery(null, a, msgId));
        }
        return events;
    }

    private static TraceEvent event(TraceEvent.Kind kind, Map<String, Object> r, String msgId, String groupField) {
        Map<String, Object> details = new LinkedHashMap<>(r);
        for (String k : List.of("type", "timeMs", "msgId", groupField, "clientId")) {
            details.remove(k);
        }
        return new TraceEvent(kind, number(r.get("timeMs")), msgId, (String) r.get(groupField),
            (String) r.get("clientId"), details);
    }

    /** One listener call: from the SUB_BEFORE record, completed by the SUB_AFTER record when there is one. */
    private static TraceEvent delivery(Map<String, Object> before, Map<String, Object> after, String msgId) {
        Map<String, Object> r = new LinkedHashMap<>(before != null ? before : after);
        if (after != null) {
            r.putAll(after);
            r.put("endTimeMs", after.get("timeMs"));
        } else {
            r.put("status", "NO_RESULT");
        }
        long start = before != null ? number(before.get("timeMs"))
            : number(after.get("timeMs")) - number(after.get("costMs"));
        r.put("timeMs", start);
        return event(TraceEvent.Kind.CONSUME, r, msgId, "consumerGroup");
    }

    /** The broker's own copies of the message, found by its unique key in every topic but the parking ones. */
    private List<TraceEvent> fromStore(String msgId, String traceTopic) {
        List<TraceEvent> events = new ArrayList<>();
        for (TopicConfig t : topics.all()) {
            String topic = t.name();
            if (topic.equals(traceTopic) || PARKING_TOPICS.contains(topic)) {
                continue;
            }
            for (DecodedRecord r : store.queryByKey(topic, msgId, 0, Long.MAX_VALUE, MAX_HITS)) {
                if (msgId.equals(r.property(PropertyNames.UNIQ_KEY))) {
                    events.add(stored(r, msgId));
                }
            }
        }
        return events;
    }

    private static TraceEvent stored(DecodedRecord r, String msgId) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("topic", r.topic());
        d.put("queueId", r.queueId());
        d.put("queueOffset", r.queueOffset());
        d.put("offsetMsgId", MessageIds.offsetId(r.physicalOffset()));
        d.put("storeTimeMs", r.storeTimestampMs());
        d.put("reconsumeTimes", r.reconsumeCount());
        String topic = r.topic();
        if (topic.startsWith(RetryTopics.RETRY_PREFIX)) {
            String group = topic.substring(RetryTopics.RETRY_PREFIX.length());
            String dlqOffset = r.property(PropertyNames.DLQ_OFFSET);
            if (dlqOffset != null) {
                d.put("dlqOffsetMsgId", MessageIds.offsetId(Long.parseLong(dlqOffset)));
                return new TraceEvent(TraceEvent.Kind.REDRIVE, r.storeTimestampMs(), msgId, group, null, d);
            }
            // The retry was decided at the send-back (the last failure time); the copy arrives after its delay.
            d.put("originalTopic", r.property(PropertyNames.RETRY_TOPIC));
            return new TraceEvent(TraceEvent.Kind.RETRY, lastFailure(r), msgId, group, null, d);
        }
        if (topic.startsWith(RetryTopics.DLQ_PREFIX)) {
            d.put("originalTopic", r.property(PropertyNames.RETRY_TOPIC));
            d.put("failureTimes", r.property(PropertyNames.FAILURE_TIMES));
            return new TraceEvent(TraceEvent.Kind.DLQ, r.storeTimestampMs(), msgId,
                topic.substring(RetryTopics.DLQ_PREFIX.length()), null, d);
        }
        d.put("bornHost", r.bornHost());
        d.put("bornTimeMs", r.bornTimestampMs());
        TraceEvent.Kind kind = topic.equals(TransactionRecords.HALF_TOPIC) ? TraceEvent.Kind.HALF
            : TraceEvent.Kind.STORED;
        return new TraceEvent(kind, r.storeTimestampMs(), msgId, r.property(PropertyNames.PGROUP), null, d);
    }

    private static long lastFailure(DecodedRecord r) {
        String times = r.property(PropertyNames.FAILURE_TIMES);
        if (times == null || times.isEmpty()) {
            return r.storeTimestampMs();
        }
        return Long.parseLong(times.substring(times.lastIndexOf(',') + 1));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }
}
