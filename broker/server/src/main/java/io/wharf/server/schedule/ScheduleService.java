package io.wharf.server.schedule;

import io.wharf.server.health.NodeHealth;
import io.wharf.store.DispatchListener;
import io.wharf.store.MessageStore;
import io.wharf.store.format.RecordContent;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delayed and timed delivery: parks scheduled messages ({@link #divert}) and delivers them when due, on one
 * thread. A pass runs when the store dispatches a parked message, when the earliest pending message falls due
 * (a scheduled wake-up computed from the injected clock) and at least every {@link #IDLE_PASS_MS}. Progress is
 * persisted every {@code persistIntervalMs} and at close.
 */
public final class ScheduleService implements DispatchListener, AutoCloseable {
    static final long IDLE_PASS_MS = 1000;
    private static final long RETRY_AFTER_FAILURE_MS = 1000;
    private static final String DELIVERY = "scheduled delivery";
    private static final String PROGRESS = "schedule progress";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);

    private final ScheduledMessages messages;
    private final LevelScheduler levels;
    private final TimerScheduler timers;
    private final InstantSource clock;
    private final long persistIntervalMs;
    private final MessageStore store;
    private final NodeHealth health;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private ScheduledExecutorService thread;
    private ScheduledFuture<?> nextPass;

    public ScheduleService(MessageStore store, ScheduledMessages messages, InstantSource clock, Path configDir,
                           long persistIntervalMs, NodeHealth health) {
        this.store = store;
        this.health = health;
        this.messages = messages;
        this.clock = clock;
        this.levels = new LevelScheduler(store, messages.levels(), clock, configDir);
        this.timers = new TimerScheduler(store, clock, configDir);
        this.persistIntervalMs = persistIntervalMs;
    }

    /** Starts the delivery thread. */
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wharf-schedule");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::persistQuietly, persistIntervalMs, persistIntervalMs,
            TimeUnit.MILLISECONDS);
        wake();
    }

    /** See {@link ScheduledMessages#divert}. */
    public RecordContent divert(RecordContent content) {
        return messages.divert(content);
    }

    @Override
    public void onDispatched(String topic, int queueId, long queueOffset) {
        if (ScheduledMessages.SCHEDULE_TOPIC.equals(topic) || ScheduledMessages.TIMER_TOPIC.equals(topic)) {
            wake();
        }
    }

    private void wake() {
        if (thread != null && passQueued.compareAndSet(false, true)) {
            thread.execute(this::pass);
        }
    }

    /**
     * Delivers everything due now; returns when the next pending message is due (Long.MAX_VALUE if none). Runs on
     * the delivery thread; tests with a hand-moved clock call it directly without {@link #start()}.
     */
    long deliverDue() {
        return Math.min(levels.deliverDue(), timers.deliverDue());
    }

    private void pass() {
        passQueued.set(false);
        long waitMs;
        try {
            long next = deliverDue();
            waitMs = next == Long.MAX_VALUE ? IDLE_PASS_MS : Math.min(IDLE_PASS_MS, next - clock.millis());
            health.succeeded(DELIVERY);
        } catch (RuntimeException e) {
            health.failed(DELIVERY, e);
            if (store.failed()) {
                // The store fail-stopped: nothing can be delivered any more; the node is DOWN and says why.
                LOG.error("the store failed: scheduled delivery stops");
                return;
            }
            waitMs = RETRY_AFTER_FAILURE_MS;
        }
        if (nextPass != null) {
            nextPass.cancel(false);
        }
        nextPass = thread.schedule(this::pass, Math.max(0, waitMs), TimeUnit.MILLISECONDS);
    }

    private void persistQuietly() {
        try {
            persist();
            health.succeeded(PROGRESS);
        } catch (RuntimeException e) {
            health.failed(PROGRESS, e);
        }
    }

    void persist() {
        levels.persist();
        timers.persist();
    }

    /** Delivery progress, for the admin API. */
    public Map<String, Object> status() {
        return Map.of("levels", messages.levels().toString(), "levelOffsets", levels.offsets(),
            "pendingDelayed", levels.pending(), "pendingTimers", timers.pending());
    }

    /** Stops the thread (waiting for a running pass) and persists progress. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        persist();
    }
}
