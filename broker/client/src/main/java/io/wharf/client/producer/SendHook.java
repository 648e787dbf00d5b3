package io.wharf.client.producer;

/**
 * Observes each message a producer sends: {@link #beforeSend} once before the first attempt (it may add
 * properties, e.g. a trace id or a per-producer sequence number), {@link #afterSend} once after the outcome is
 * known (retries happen in between). For a batch both are called once per message. A hook that throws is logged
 * and ignored; it must not block, since {@code afterSend} of an asynchronous send runs on a callback thread.
 */
public interface SendHook {
    default void beforeSend(SendContext context) {
    }

    default void afterSend(SendContext context) {
    }
}
