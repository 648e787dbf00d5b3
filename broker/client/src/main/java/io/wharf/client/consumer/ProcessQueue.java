package io.wharf.client.consumer;

import io.wharf.client.MessageQueue;
import io.wharf.client.ReceivedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer's state for one queue it consumes: the messages pulled and not yet acknowledged, in offset order,
 * and where to pull next. Its one rule: the offset to commit ({@link #ackOffset()}) is the lowest offset not yet
 * successfully consumed, or the next offset to pull when nothing is in flight. A message is acknowledged only
 * when the listener returned success for it and for every message before it, so a consumer that dies at any
 * moment loses nothing: whoever takes the queue over re-reads from the committed offset (and may see some
 * messages again).
 *
 * <p>Orderly consumption also moves messages through a "consuming" set: {@link #takeForOrderly} hands the first
 * messages to the listener, {@link #commitOrderly} acknowledges them and {@link #rollbackOrderly} puts them back.
 * A dropped queue (assigned elsewhere, or the consumer stopping) acknowledges nothing more.
 */
final class ProcessQueue {
    /** A queue lock not renewed for this long is treated as lost (the broker's lease is 60 s). */
    static final long LOCK_VALID_NANOS = 30_000_000_000L;

    private final MessageQueue messageQueue;
    private final TreeMap<Long, ReceivedMessage> waiting = new TreeMap<>();
    private final TreeMap<Long, ReceivedMessage> consuming = new TreeMap<>();
    private long nextPullOffset;
    private long committedOffset;
    private volatile boolean dropped;
    private volatile boolean locked;
    private volatile long lockedAtNanos;
    private volatile long brokerMaxOffset = -1;
    private volatile long lastPullMs = -1;
    private volatile boolean orderlyDispatching;
    private volatile boolean suspended;
    /** Held by the orderly listener while it runs, so a drop can wait until no batch is in the listener. */
    private final ReentrantLock orderlyConsumeLock = new ReentrantLock();

    ProcessQueue(MessageQueue messageQueue, long startOffset) {
        this.messageQueue = messageQueue;
        this.nextPullOffset = startOffset;
        this.committedOffset = startOffset;
    }

    MessageQueue messageQueue() {
        return messageQueue;
    }

    /**
     * Adds pulled messages (those that match the subscription) and moves the pull position to {@code next}.
     * Messages below the pull position come from a stale pull and are ignored.
     *
     * @return the messages added
     */
    synchronized List<ReceivedMessage> putMessages(List<ReceivedMessage> messages, long next) {
        List<ReceivedMessage> added = new ArrayList<>(messages.size());
        for (ReceivedMessage m : messages) {
            if (m.queueOffset() >= nextPullOffset && waiting.putIfAbsent(m.queueOffset(), m) == null) {
                added.add(m);
            }
        }
        nextPullOffset = Math.max(nextPullOffset, next);
        return added;
    }

    /** Moves the pull position forward past offsets that held nothing for this consumer (filtered, empty). */
    synchronized void advancePullOffset(long next) {
        nextPullOffset = Math.max(nextPullOffset, next);
    }

    /**
     * The broker said the pull offset is outside the queue (deleted by retention, or beyond its end, e.g. after
     * the broker lost data): continue where it says, even if that is backwards.
     */
    synchronized void resetPullOffset(long next) {
        nextPullOffset = next;
    }

    synchronized long nextPullOffset() {
        return nextPullOffset;
    }

    /** Acknowledges messages the listener consumed successfully; returns the new {@link #ackOffset()}. */
    synchronized long acknowledge(List<ReceivedMessage> messages) {
        for (ReceivedMessage m : messages) {
            waiting.remove(m.queueOffset());
        }
        return ackOffset();
    }

    /** Replaces messages in place (same offsets), e.g. with their reconsume count incremented. */
    synchronized void replace(List<ReceivedMessage> messages) {
        for (ReceivedMessage m : messages) {
            waiting.computeIfPresent(m.queueOffset(), (k, old) -> m);
        }
    }

    /** The offset to commit: the lowest offset not yet consumed, or the next pull offset if none is in flight. */
    synchronized long ackOffset() {
        long lowest = nextPullOffset;
        if (!waiting.isEmpty()) {
            lowest = Math.min(lowest, waiting.firstKey());
        }
        if (!consuming.isEmpty()) {
            lowest = Math.min(lowest, consuming.firstKey());
        }
        return lowest;
    }

    /** Messages pulled and not yet acknowledged (flow control). */
    synchronized int inFlightCount() {
        return waiting.size() + consuming.size();
    }

    synchronized boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Orderly: moves the first {@code max} waiting messages to the consuming set and returns them. */
    synchronized List<ReceivedMessage> takeForOrderly(int max) {
        List<ReceivedMessage> batch = new ArrayList<>(Math.min(max, waiting.size()));
        while (batch.size() < max && !waiting.isEmpty()) {
            Map.Entry<Long, ReceivedMessage> first = waiting.pollFirstEntry();
            consuming.put(first.getKey(), first.getValue());
            batch.add(first.getValue());
        }
        return batch;
    }

    /** Orderly: acknowledges the consuming set; returns the new {@link #ackOffset()}. */
    synchronized long commitOrderly() {
        consuming.clear();
        return ackOffset();
    }

    /** Orderly: puts the consuming set back (as {@code again}, e.g. with incremented reconsume counts). */
    synchronized void rollbackOrderly(List<ReceivedMessage> again) {
        consuming.clear();
        for (ReceivedMessage m : again) {
            waiting.put(m.queueOffset(), m);
        }
    }

    /** Records a pull's answer: the queue's max offset as the broker reported it, and when. */
    void pullAnswered(long maxOffset, long nowMs) {
        brokerMaxOffset = maxOffset;
        lastPullMs = nowMs;
    }

    /** When the broker last answered a pull of this queue (epoch ms), or -1 before the first answer. */
    long lastPullMs() {
        return lastPullMs;
    }

    /** The queue's max offset as last reported by the broker, or -1 before the first pull answered. */
    long brokerMaxOffset() {
        return brokerMaxOffset;
    }

    /** The offset last committed to the offset store. */
    synchronized long committedOffset() {
        return committedOffset;
    }

    synchronized void committed(long offset) {
        committedOffset = offset;
    }

    boolean isDropped() {
        return dropped;
    }

    void drop() {
        dropped = true;
    }

    /** Records that the broker granted (or renewed) this queue's lock at {@code nowNanos}. */
    void lockGranted(long nowNanos) {
        lockedAtNanos = nowNanos;
        locked = true;
    }

    void lockLost() {
        locked = false;
    }

    /** Whether this consumer may consume the queue orderly now: locked, and renewed recently. */
    boolean isLockValid(long nowNanos) {
        return locked && nowNanos - lockedAtNanos < LOCK_VALID_NANOS;
    }

    ReentrantLock orderlyConsumeLock() {
        return orderlyConsumeLock;
    }

    /** Orderly: claims the right to run this queue's consume loop; false if it already runs. */
    synchronized boolean startOrderlyDispatch() {
        if (orderlyDispatching) {
            return false;
        }
        orderlyDispatching = true;
        return true;
    }

    synchronized void endOrderlyDispatch() {
        orderlyDispatching = false;
    }

    boolean isSuspended() {
        return suspended;
    }

    void setSuspended(boolean suspended) {
        this.suspended = suspended;
    }

    @Override
    public String toString() {
        return "ProcessQueue[" + messageQueue + "]";
    }
}
