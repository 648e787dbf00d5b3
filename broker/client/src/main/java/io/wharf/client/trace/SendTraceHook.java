package io.wharf.client.trace;

import io.wharf.client.producer.SendContext;
import io.wharf.client.producer.SendHook;
import io.wharf.client.producer.SendResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a PUB record for every message a producer sends, after its outcome is known. */
public final class SendTraceHook implements SendHook {
    private final TraceDispatcher dispatcher;
    private final String clientId;

    public SendTraceHook(TraceDispatcher dispatcher, String clientId) {
        this.dispatcher = dispatcher;
        this.clientId = clientId;
    }

    @Override
    public void afterSend(SendContext ctx) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("topic", ctx.message().topic());
        f.put("tags", ctx.message().tags());
        f.put("producerGroup", ctx.producerGroup());
        f.put("clientId", clientId);
        f.put("costMs", ctx.costMs());
        f.put("attempts", ctx.attempts());
        SendResult r = ctx.result();
        if (r != null) {
            f.put("status", r.sendStatus().name());
            f.put("success", true);
            f.put("queueId", r.messageQueue().queueId());
            f.put("queueOffset", r.queueOffset());
            f.put("offsetMsgId", r.offsetMsgId());
        } else if (ctx.oneWay() && ctx.error() == null) {
            f.put("status", "ONE_WAY");
            f.put("success", true);
        } else {
            f.put("status", "FAILED");
            f.put("success", false);
            f.put("error", ctx.error() == null ? null : ctx.error().toString());
        }
        long now = System.currentTimeMillis();
        dispatcher.submit(new TraceRecord(TraceType.PUB, now - ctx.costMs(), ctx.msgId(),
            String.join(" ", ctx.message().keys()), f));
    }
}
