package io.wharf.client.producer;

import io.wharf.client.Message;
import io.wharf.client.MessageQueue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message's send as {@link SendHook}s see it: before sending the message and its id; afterwards also the
 * result or the failure, the time taken and the number of attempts. A one-way send ends with neither result nor
 * failure.
 */
public final class SendContext {
    private final String producerGroup;
    private final Message message;
    private final String msgId;
    private final boolean oneWay;
    private final long startNanos;
    private final Map<String, String> addedProperties = new LinkedHashMap<>();
    private boolean sealed;
    private SendResult result;
    private Throwable error;
    private long costMs;
    private int attempts;

    SendContext(String producerGroup, Message message, String msgId, boolean oneWay, long startNanos) {
        this.producerGroup = producerGroup;
        this.message = message;
        this.msgId = msgId;
        this.oneWay = oneWay;
        this.startNanos = startNanos;
    }

    public String producerGroup() {
        return producerGroup;
    }

    public Message message() {
        return message;
    }

    /** The unique id the message is sent with ({@code UNIQ_KEY}). */
    public String msgId() {
        return msgId;
    }

    public boolean oneWay() {
        return oneWay;
    }

    /**
     * Adds a property to the message as sent (only in {@link SendHook#beforeSend}); reserved names are refused.
     */
    public void putProperty(String name, String value) {
        if (sealed) {
            throw new IllegalStateException("properties can only be added before the send");
        }
        if (Message.isReservedProperty(name)) {
            throw new IllegalArgumentException(name + " is reserved");
        }
        addedProperties.put(name, value);
    }

    /** Properties added by hooks. */
    public Map<String, String> addedProperties() {
        return Collections.unmodifiableMap(addedProperties);
    }

    /** The result, once stored; null before, on failure and for one-way sends. */
    public SendResult result() {
        return result;
    }

    /** Where the message went, once stored; null otherwise. */
    public MessageQueue messageQueue() {
        return result == null ? null : result.messageQueue();
    }

    /** The failure, or null. */
    public Throwable error() {
        return error;
    }

    /** Milliseconds from before the first attempt to the outcome. */
    public long costMs() {
        return costMs;
    }

    /** How many attempts were made (1 without retries). */
    public int attempts() {
        return attempts;
    }

    long startNanos() {
        return startNanos;
    }

    void seal() {
        sealed = true;
    }

    void finish(SendResult result, Throwable error, int attempts, long nowNanos) {
        this.result = result;
        this.error = error;
        this.attempts = attempts;
        this.costMs = (nowNanos - startNanos) / 1_000_000;
    }
}
