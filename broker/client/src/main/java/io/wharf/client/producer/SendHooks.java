package io.wharf.client.producer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The producer's registered {@link SendHook}s, called in registration order; a failing hook is only logged. */
final class SendHooks {
    private static final Logger LOG = LoggerFactory.getLogger(SendHooks.class);

    private final List<SendHook> hooks = new CopyOnWriteArrayList<>();

    void add(SendHook hook) {
        hooks.add(hook);
    }

    void before(List<SendContext> contexts) {
        for (SendContext c : contexts) {
            for (SendHook h : hooks) {
                try {
                    h.beforeSend(c);
                } catch (RuntimeException e) {
                    LOG.warn("send hook {} failed before sending {}", h, c.msgId(), e);
                }
            }
            c.seal();
        }
    }

    void after(List<SendContext> contexts) {
        for (SendContext c : contexts) {
            for (SendHook h : hooks) {
                try {
                    h.afterSend(c);
                } catch (RuntimeException e) {
                    LOG.warn("send hook {} failed after sending {}", h, c.msgId(), e);
                }
            }
        }
    }
}
