package io.wharf.client.consumer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The consumer's registered {@link ConsumeHook}s, called in registration order; a failing hook is only logged. */
final class ConsumeHooks {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumeHooks.class);

    private final List<ConsumeHook> hooks = new CopyOnWriteArrayList<>();

    void add(ConsumeHook hook) {
        hooks.add(hook);
    }

    void before(ConsumeContext context) {
        for (ConsumeHook h : hooks) {
            try {
                h.beforeConsume(context);
            } catch (RuntimeException e) {
                LOG.warn("consume hook {} failed before consuming from {}", h, context.messageQueue(), e);
            }
        }
    }

    void after(ConsumeContext context) {
        for (ConsumeHook h : hooks) {
            try {
                h.afterConsume(context);
            } catch (RuntimeException e) {
                LOG.warn("consume hook {} failed after consuming from {}", h, context.messageQueue(), e);
            }
        }
    }
}
