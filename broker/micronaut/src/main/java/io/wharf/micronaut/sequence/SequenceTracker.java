package io.wharf.micronaut.sequence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks, per producer stream (producer instance, topic, tag), that the numbers seen are 1, 2, 3, ... without
 * holes. A stream is tracked from the first number this tracker sees of it (an audit that starts late has no view
 * of what came before). A hole is reported only once it has stayed open for the window, since transactional
 * messages are committed out of send order and retried sends arrive late; a late number closes its hole.
 *
 * <p>Not thread-safe; callers synchronize. Time comes in as arguments, so tests need no clock.
 */
public final class SequenceTracker {
    /** Numbers above a stream's unbroken prefix held at most; older holes beyond it are given up (still counted). */
    static final int MAX_PENDING = 100_000;

    private final Duration window;
    private final Map<StreamKey, Stream> streams = new HashMap<>();
    private long messages;
    private long givenUp;

    public SequenceTracker(Duration window) {
        this.window = window;
    }

    /** Records a stamped message of the stream (a duplicate changes nothing). */
    public void record(String topic, String tag, SequenceStamp stamp, Instant now) {
        messages++;
        streams.computeIfAbsent(new StreamKey(stamp.producer(), topic, tag == null ? "" : tag),
            k -> new Stream(stamp.number() - 1)).record(stamp.number(), now);
    }

    public int streamCount() {
        return streams.size();
    }

    public long messages() {
        return messages;
    }

    /** Missing numbers given up on (more than {@link #MAX_PENDING} later numbers arrived while they were missing). */
    public long givenUp() {
        return givenUp;
    }

    /** The holes open for at least the window at {@code now}, oldest first. */
    public List<SequenceGap> gaps(Instant now) {
        List<SequenceGap> out = new ArrayList<>();
        Instant cutoff = now.minus(window);
        streams.forEach((key, s) -> s.holes(key, cutoff, out));
        out.sort(Comparator.comparing(SequenceGap::openSince).thenComparing(SequenceGap::producer)
            .thenComparingLong(SequenceGap::from));
        return out;
    }

    /** Numbers missing now in holes younger than the window (not reported yet: they may still arrive). */
    public long openNumbers(Instant now) {
        Instant cutoff = now.minus(window);
        List<SequenceGap> all = new ArrayList<>();
        streams.forEach((key, s) -> s.holes(key, Instant.MAX, all));
        return all.stream().filter(g -> g.openSince().isAfter(cutoff)).mapToLong(SequenceGap::size).sum();
    }

    private record StreamKey(String producer, String topic, String tag) {
    }

    /** One stream: every number up to {@code prefix} was seen; {@code above} holds later ones with arrival times. */
    private final class Stream {
        private long prefix;
        private final TreeMap<Long, Instant> above = new TreeMap<>();

        Stream(long prefix) {
            this.prefix = prefix;
        }

        void record(long n, Instant now) {
            if (n <= prefix || above.containsKey(n)) {
                return;
            }
            if (n == prefix + 1) {
                prefix = n;
                while (!above.isEmpty() && above.firstKey() == prefix + 1) {
                    prefix = above.pollFirstEntry().getKey();
                }
                return;
            }
            above.put(n, now);
            while (above.size() > MAX_PENDING) {
                long first = above.firstKey();
                givenUp += first - prefix - 1;
                prefix = above.pollFirstEntry().getKey();
                while (!above.isEmpty() && above.firstKey() == prefix + 1) {
                    prefix = above.pollFirstEntry().getKey();
                }
            }
        }

        /** Walks the numbers above the prefix from the top, so each hole knows the earliest later arrival. */
        void holes(StreamKey key, Instant cutoff, List<SequenceGap> out) {
            Instant earliestLater = null;
            long upper = Long.MIN_VALUE;
            for (Map.Entry<Long, Instant> e : above.descendingMap().entrySet()) {
                long n = e.getKey();
                if (upper != Long.MIN_VALUE && n < upper - 1) {
                    add(key, n + 1, upper - 1, earliestLater, cutoff, out);
                }
                earliestLater = earliestLater == null || e.getValue().isBefore(earliestLater) ? e.getValue()
                    : earliestLater;
                upper = n;
            }
            if (upper != Long.MIN_VALUE && upper > prefix + 1) {
                add(key, prefix + 1, upper - 1, earliestLater, cutoff, out);
            }
        }

        private void add(StreamKey key, long from, long to, Instant openSince, Instant cutoff,
                         List<SequenceGap> out) {
            if (!openSince.isAfter(cutoff)) {
                out.add(new SequenceGap(key.producer(), key.topic(), key.tag(), from, to, openSince));
            }
        }
    }
}
