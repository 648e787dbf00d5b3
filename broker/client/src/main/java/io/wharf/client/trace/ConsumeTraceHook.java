package io.wharf.client.trace;

import io.wharf.client.consumer.ConsumeContext;
import io.wharf.client.consumer.ConsumeHook;
import io.wharf.client.ReceivedMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a SUB_BEFORE record for every message just before a listener call and a SUB_AFTER record after it; the
 * two share a {@code requestId} (unique within the client), so a timeline can pair them into one delivery.
 */
public final class ConsumeTraceHook implements ConsumeHook {
    private final TraceDispatcher dispatcher;
    private final String clientId;
    private final AtomicLong requests = new AtomicLong();
    private final Map<ConsumeContext, String> requestIds = new ConcurrentHashMap<>();

    public ConsumeTraceHook(TraceDispatcher dispatcher, String clientId) {
        this.dispatcher = dispatcher;
        this.clientId = clientId;
    }

    @Override
    public void beforeConsume(ConsumeContext ctx) {
        String requestId = clientId + "-" + requests.incrementAndGet();
        requestIds.put(ctx, requestId);
        long now = System.currentTimeMillis();
        for (ReceivedMessage m : ctx.messages()) {
            dispatcher.submit(new TraceRecord(TraceType.SUB_BEFORE, now, m.msgId(), m.keys(),
                common(ctx, m, requestId)));
        }
    }

    @Override
    public void afterConsume(ConsumeContext ctx) {
        String requestId = requestIds.remove(ctx);
        long now = System.currentTimeMillis();
        for (ReceivedMessage m : ctx.messages()) {
            Map<String, Object> f = common(ctx, m, requestId);
            f.put("costMs", ctx.costMs());
            f.put("status", ctx.status() == null ? null : ctx.status().name());
            f.put("success", ctx.success());
            f.put("error", ctx.error() == null ? null : ctx.error().toString());
            dispatcher.submit(new TraceRecord(TraceType.SUB_AFTER, now, m.msgId(), m.keys(), f));
        }
    }

    private Map<String, Object> common(ConsumeContext ctx, ReceivedMessage m, String requestId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("consumerGroup", ctx.consumerGroup());
        f.put("clientId", clientId);
        f.put("requestId", requestId);
        f.put("topic", m.topic());
        f.put("tags", m.tags());
        f.put("queueId", m.queueId());
        f.put("queueOffset", m.queueOffset());
        f.put("reconsumeTimes", m.reconsumeTimes());
        f.put("storeTimeMs", m.storeTimestampMs());
        return f;
    }
}
