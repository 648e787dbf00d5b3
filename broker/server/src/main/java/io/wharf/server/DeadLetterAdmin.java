package io.wharf.server;

import io.wharf.protocol.MessageIds;
import io.wharf.protocol.PropertyNames;
import io.wharf.server.retry.DeadLetterService;
import io.wharf.server.retry.DelayAndRetry;
import io.wharf.server.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's dead-letter, retry-policy and scheduling views: JSON-ready values over {@link DelayAndRetry},
 * inputs validated and refused with {@link AdminException}.
 */
public final class DeadLetterAdmin {
    private final DelayAndRetry delayAndRetry;

    DeadLetterAdmin(DelayAndRetry delayAndRetry) {
        this.delayAndRetry = delayAndRetry;
    }

    /** The group's dead-message counts and one page of dead messages from queue offset {@code from}. */
    public Map<String, Object> list(String group, long from, int max) {
        if (max < 1 || max > 1000) {
            throw new AdminException(400, "'max' must be 1..1000");
        }
        DeadLetterService dlq = delayAndRetry.deadLetters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.putAll(dlq.count(group));
        List<Map<String, Object>> messages = new ArrayList<>();
        for (DeadLetterService.DeadLetter d : dlq.list(group, from, max)) {
            messages.add(view(d));
        }
        m.put("messages", messages);
        return m;
    }

    public Map<String, Object> one(String group, String offsetMsgId) {
        DeadLetterService.DeadLetter d = delayAndRetry.deadLetters().find(group, parseId(offsetMsgId));
        if (d == null) {
            throw new AdminException(404, "no dead message " + offsetMsgId + " in the DLQ of group " + group);
        }
        return view(d);
    }

    /** Re-drives the listed ids (offsetMsgIds), or all dead messages; ids already re-driven are skipped. */
    public Map<String, Object> redrive(String group, List<String> ids, boolean all) {
        if (all == (ids != null)) {
            throw new AdminException(400, "give either {\"ids\":[...]} or {\"all\":true}");
        }
        List<Long> offsets = ids == null ? null : ids.stream().map(DeadLetterAdmin::parseId).toList();
        Map<String, List<Long>> result = delayAndRetry.deadLetters().redrive(group, offsets);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("redriven", result.get("redriven").stream().map(MessageIds::offsetId).toList());
        m.put("skipped", result.get("skipped").stream().map(MessageIds::offsetId).toList());
        return m;
    }

    public Map<String, Object> retryPolicy(String group) {
        return policyView(group, delayAndRetry.policies().of(group));
    }

    /** Sets a group's retry policy; with neither field given, the group falls back to the broker default. */
    public Map<String, Object> setRetryPolicy(String group, String delays, Long maxReconsumeTimes) {
        RetryPolicy policy;
        try {
            policy = delays == null && maxReconsumeTimes == null ? null
                : new RetryPolicy(delays, maxReconsumeTimes == null ? null : Math.toIntExact(maxReconsumeTimes));
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, e.getMessage());
        }
        delayAndRetry.policies().set(group, policy);
        return retryPolicy(group);
    }

    public Map<String, Object> scheduleStatus() {
        return delayAndRetry.schedule().status();
    }

    private static Map<String, Object> policyView(String group, RetryPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group", group);
        m.put("delays", p.usesLadder() ? "delay levels 3 + reconsumeTimes" : p.delays());
        m.put("maxReconsumeTimes", p.maxReconsumeTimes() == null ? "the consumer's setting"
            : p.maxReconsumeTimes());
        return m;
    }

    private static Map<String, Object> view(DeadLetterService.DeadLetter d) {
        Map<String, Object> m = AdminApi.messageView(d.record());
        m.put("redriven", d.redriven());
        Map<String, String> p = d.record().properties();
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("originalTopic", p.get(PropertyNames.RETRY_TOPIC));
        history.put("originMessageId", p.get(PropertyNames.ORIGIN_MESSAGE_ID));
        history.put("reconsumeTimes", d.record().reconsumeCount());
        history.put("maxReconsumeTimes", p.get(PropertyNames.MAX_RECONSUME_TIMES));
        history.put("firstFailureTime", p.get(PropertyNames.FIRST_FAILURE_TIME));
        String times = p.get(PropertyNames.FAILURE_TIMES);
        history.put("failureTimes", times == null ? List.of()
            : Arrays.stream(times.split(",")).map(Long::parseLong).toList());
        history.put("failureReason", p.get(PropertyNames.FAILURE_REASON));
        m.put("failureHistory", history);
        return m;
    }

    private static long parseId(String offsetMsgId) {
        try {
            return MessageIds.parseOffsetId(offsetMsgId);
        } catch (IllegalArgumentException e) {
            throw new AdminException(400, "message id must be the 16 hex digits of a commit-log offset: "
                + offsetMsgId);
        }
    }
}
