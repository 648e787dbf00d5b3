package io.wharf.benchmarks.broker;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * One broker under test, running in its own child JVM, with the topics of the benchmark created, and driven by
 * its own client library from the tool's JVM. {@link #close()} stops the child; the caller deletes its directory.
 */
interface BrokerPeer extends AutoCloseable {
    /** The topic the send steps write to. */
    String SEND_TOPIC = "bench-send";
    /** The topic the backlog is written to and drained from. */
    String DRAIN_TOPIC = "bench-drain";

    /** A started producer for {@code topic}; close it after the step. */
    MessageSender sender(String topic) throws Exception;

    /**
     * Consumes {@link #DRAIN_TOPIC} from its first offset with a new consumer group until {@code expected}
     * messages arrived or {@code timeout} passed.
     *
     * @param progress called with the messages consumed so far, about once a second
     */
    DrainResult drain(long expected, Duration timeout, LongConsumer progress) throws Exception;

    /**
     * Waits until the broker's start-up work that would fall into the first measured step is done (the tool has
     * sent one message first, so everything created on first write exists).
     */
    default void settle(Duration timeout) throws InterruptedException {
    }

    /** The child's process id (for profiling by hand). */
    long pid();

    @Override
    void close() throws InterruptedException;
}
