package io.wharf.micronaut.it;

import io.micronaut.context.annotation.Requires;
import io.wharf.micronaut.CheckedHalf;
import io.wharf.micronaut.MessageMetadata;
import io.wharf.micronaut.TransactionChecker;
import io.wharf.micronaut.TransactionDecision;
import io.wharf.micronaut.WharfListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The listener and checker beans the integration test drives; each records what it saw. */
final class TestListeners {
    private TestListeners() {
    }

    @Singleton
    @Requires(property = "test.listeners", value = "true")
    static class Typed {
        final List<Greeting> received = new CopyOnWriteArrayList<>();
        final List<MessageMetadata> metadata = new CopyOnWriteArrayList<>();
        final List<Boolean> onVirtualThread = new CopyOnWriteArrayList<>();

        @WharfListener(topic = "greetings", group = "typed", startFrom = WharfListener.StartFrom.FIRST_OFFSET)
        void on(Greeting g, MessageMetadata m) {
            onVirtualThread.add(Thread.currentThread().isVirtual());
            received.add(g);
            metadata.add(m);
        }
    }

    @Singleton
    @Requires(property = "test.listeners", value = "true")
    static class Flaky {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final List<Integer> succeededAtReconsume = new CopyOnWriteArrayList<>();

        @WharfListener(topic = "flaky", group = "flaky", startFrom = WharfListener.StartFrom.FIRST_OFFSET)
        void on(Greeting g, MessageMetadata m) {
            if (attempts.computeIfAbsent(g.key(), k -> new AtomicInteger()).incrementAndGet() < 3) {
                throw new IllegalStateException("database down for " + g.key());
            }
            succeededAtReconsume.add(m.reconsumeTimes());
        }
    }

    @Singleton
    @Requires(property = "test.listeners", value = "true")
    static class Ordered {
        final Map<String, List<Integer>> byKey = new ConcurrentHashMap<>();
        final AtomicInteger failuresLeft = new AtomicInteger(3);

        @WharfListener(topic = "ordered", group = "ordered", orderly = true,
            startFrom = WharfListener.StartFrom.FIRST_OFFSET)
        void on(Greeting g) {
            if (g.n() == 5 && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("transient failure on " + g);
            }
            byKey.computeIfAbsent(g.key(), k -> new CopyOnWriteArrayList<>()).add(g.n());
        }
    }

    @Singleton
    @Requires(property = "test.listeners", value = "true")
    static class Poisoned {
        final List<Greeting> received = new CopyOnWriteArrayList<>();

        @WharfListener(topic = "poisoned", group = "poisoned", startFrom = WharfListener.StartFrom.FIRST_OFFSET)
        void on(Greeting g) {
            received.add(g);
        }
    }

    @Singleton
    @Requires(property = "test.listeners", value = "true")
    static class Announced {
        final Set<String> keys = ConcurrentHashMap.newKeySet();

        @WharfListener(topic = "announced", group = "announced", startFrom = WharfListener.StartFrom.FIRST_OFFSET)
        void on(Greeting g) {
            keys.add(g.key());
        }
    }

    @Singleton
    @Requires(property = "test.listeners", value = "true")
    static class Traced {
        final List<String> traceIds = new CopyOnWriteArrayList<>();
        final List<String> traceparents = new CopyOnWriteArrayList<>();

        @WharfListener(topic = "traced", group = "traced", startFrom = WharfListener.StartFrom.FIRST_OFFSET)
        void on(Greeting g, MessageMetadata m) {
            traceIds.add(io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId());
            traceparents.add(m.properties().getOrDefault("traceparent", ""));
        }
    }

    /** Decides open transactions by a map the test fills: unknown keys stay UNKNOWN. */
    @Singleton
    @Requires(property = "test.listeners", value = "true")
    static class Checker implements TransactionChecker {
        final Map<String, TransactionDecision> decisions = new ConcurrentHashMap<>();
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        @Override
        public TransactionDecision check(CheckedHalf half) {
            asked.add(half.metadata().key());
            return decisions.getOrDefault(half.metadata().key(), TransactionDecision.UNKNOWN);
        }
    }
}
