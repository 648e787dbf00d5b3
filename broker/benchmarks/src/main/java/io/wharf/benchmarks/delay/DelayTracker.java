package io.wharf.benchmarks.delay;

import io.wharf.testkit.LatencyRecorder;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What happened to each message of one run, by sequence number: its due time (epoch ms, set when it is sent),
 * whether the broker acknowledged it, when it was first received, and how often. Written by the producer's and the
 * consumer's threads, summarized by the main thread once they are done.
 */
final class DelayTracker {
    /** Kind of a message: delivered after a delay level. */
    static final byte LEVEL = 1;
    /** Kind of a message: delivered at a deliver-at time. */
    static final byte TIMER = 2;

    private final AtomicLongArray due;
    private final AtomicLongArray receivedAt;
    private final AtomicIntegerArray deliveries;
    private final AtomicIntegerArray acked;
    private final AtomicLongArray ackNs;
    private final byte[] kinds;
    private final AtomicLong ackedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicLong uniqueReceived = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong early = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    DelayTracker(int messages) {
        due = new AtomicLongArray(messages);
        receivedAt = new AtomicLongArray(messages);
        deliveries = new AtomicIntegerArray(messages);
        acked = new AtomicIntegerArray(messages);
        ackNs = new AtomicLongArray(messages);
        kinds = new byte[messages];
    }

    /** Before the send: the message's kind and due time. */
    void sending(int seq, byte kind, long dueMs) {
        kinds[seq] = kind;
        due.set(seq, dueMs);
    }

    /** The broker acknowledged {@code seq}, {@code sendNanos} after the send started. */
    void acked(int seq, long sendNanos) {
        ackNs.set(seq, sendNanos);
        acked.set(seq, 1);
        ackedCount.incrementAndGet();
    }

    void sendFailed() {
        failedCount.incrementAndGet();
    }

    /** A delivery of {@code seq} at {@code nowMs}; only the first one counts for lateness. */
    void received(int seq, long nowMs) {
        if (seq < 0 || seq >= kinds.length) {
            unknown.incrementAndGet();
            return;
        }
        if (deliveries.incrementAndGet(seq) > 1) {
            duplicates.incrementAndGet();
            return;
        }
        receivedAt.set(seq, nowMs);
        uniqueReceived.incrementAndGet();
        if (nowMs < due.get(seq)) {
            early.incrementAndGet();
        }
    }

    long acked() {
        return ackedCount.get();
    }

    long failed() {
        return failedCount.get();
    }

    long received() {
        return uniqueReceived.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long early() {
        return early.get();
    }

    long unknown() {
        return unknown.get();
    }

    /** Acknowledged messages not received yet (a message received before its ack arrived counts as received). */
    long pending() {
        return Math.max(0, ackedCount.get() - uniqueReceived.get());
    }

    /**
     * Lateness (receive minus due, in ns for {@link LatencyRecorder}) of the messages of {@code kind} (0: all) that
     * were received no earlier than due; early ones are counted by {@link #early()} and left out.
     */
    LatencyRecorder.Percentiles lateness(byte kind) {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < kinds.length; i++) {
            if ((kind == 0 || kinds[i] == kind) && deliveries.get(i) > 0 && receivedAt.get(i) >= due.get(i)) {
                r.record((receivedAt.get(i) - due.get(i)) * 1_000_000L);
            }
        }
        return LatencyRecorder.summarize(List.of(r));
    }

    /** Send-to-acknowledgement time of the acknowledged messages. */
    LatencyRecorder.Percentiles ackLatency() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < kinds.length; i++) {
            if (acked.get(i) == 1) {
                r.record(ackNs.get(i));
            }
        }
        return LatencyRecorder.summarize(List.of(r));
    }

    /** The largest amount (ms) by which a message arrived before its due time, 0 if none did. */
    long maxEarlyMs() {
        long max = 0;
        for (int i = 0; i < kinds.length; i++) {
            if (deliveries.get(i) > 0) {
                max = Math.max(max, due.get(i) - receivedAt.get(i));
            }
        }
        return max;
    }

    /** Acknowledged messages never received. */
    long missing() {
        long n = 0;
        for (int i = 0; i < kinds.length; i++) {
            if (acked.get(i) == 1 && deliveries.get(i) == 0) {
                n++;
            }
        }
        return n;
    }

    /** The latest due time of any acknowledged message. */
    long lastDueMs() {
        long last = 0;
        for (int i = 0; i < kinds.length; i++) {
            if (acked.get(i) == 1) {
                last = Math.max(last, due.get(i));
            }
        }
        return last;
    }
}
