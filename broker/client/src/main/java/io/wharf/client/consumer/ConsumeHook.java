package io.wharf.client.consumer;

/**
 * Observes every listener call of a push consumer: {@link #beforeConsume} just before, {@link #afterConsume} just
 * after, on the consuming thread. A hook that throws is logged and ignored; it must be quick, since it delays
 * consumption.
 */
public interface ConsumeHook {
    default void beforeConsume(ConsumeContext context) {
    }

    default void afterConsume(ConsumeContext context) {
    }
}
