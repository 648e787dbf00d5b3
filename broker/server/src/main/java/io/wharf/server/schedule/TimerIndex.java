package io.wharf.server.schedule;

import java.util.Arrays;

/**
 * The pending deliver-at messages in time order: a binary min-heap of (deliver-at ms, timer-queue offset) pairs
 * held in two primitive arrays, 16 bytes per pending message. Derived state: rebuilt from the timer queue on
 * start.
 */
final class TimerIndex {
    private long[] times = new long[1024];
    private long[] offsets = new long[1024];
    private int size;

    void add(long timeMs, long offset) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(timeMs, offset, times[parent], offsets[parent])) {
                break;
            }
            times[i] = times[parent];
            offsets[i] = offsets[parent];
            i = parent;
        }
        times[i] = timeMs;
        offsets[i] = offset;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long peekTime() {
        return times[0];
    }

    long peekOffset() {
        return offsets[0];
    }

    void pop() {
        size--;
        long t = times[size];
        long o = offsets[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(times[child + 1], offsets[child + 1], times[child], offsets[child])) {
                child++;
            }
            if (!less(times[child], offsets[child], t, o)) {
                break;
            }
            times[i] = times[child];
            offsets[i] = offsets[child];
            i = child;
        }
        times[i] = t;
        offsets[i] = o;
    }

    private static boolean less(long t1, long o1, long t2, long o2) {
        return t1 < t2 || (t1 == t2 && o1 < o2);
    }
}
